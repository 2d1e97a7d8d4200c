package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmsmig's retries under injected 503s, throttling and dropped connections never trip the gateway's replay and clock
 * checks (kms-openapi.md §19): every attempt goes out signed afresh, with a new SignatureNonce and Timestamp
 * (sdk-wire-protocol.md §2.4), even when the server had already taken the nonce of the attempt it failed. A third of
 * the attempts failing (0.53 of them succeeding) made the full-jitter backoff's expected wait about 150 ms per call,
 * most of it in rare long chains; with a tenth throttled (0.68 succeeding) it is about 40 ms, and the apply still
 * retries about a third of its calls, some more than once (seed 11: 56 calls, 20 retried, 79 attempts). The backoff
 * pauses are recorded, not waited out (CliRun.backoff): the replay check refuses a reused nonce however soon the retry
 * comes, the clock check's tolerance is far beyond the 5 s backoff cap either way, and the pauses' lengths are
 * RetryPolicyTest's subject.
 */
class RetryFreshnessTest {
    @TempDir
    Path dir;

    private final AtomicLong skippedMillis = new AtomicLong();

    private CliRun noWaits(EmulatedCloud cloud) {
        return cloud.cli().backoff(d -> skippedMillis.addAndGet(d.toMillis()));
    }

    @AfterEach
    void report() {
        System.out.println("retry pauses recorded, not waited: " + skippedMillis.get() + " ms");
    }

    @Test
    void retriedCalls_areNeverRefusedAsReplaysOrStale() {
        // given: a tenth of the calls throttled, a fifth answered 503, some connections dropped after the gateway
        String faults = "{ throttleRate: 0.1, seed: 11, failures: [ { action: '*', rate: 0.2, status: 503 },"
                + " { action: '*', rate: 0.05, drop: true } ] }";
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(6, true, faults), "execution: { maxAttempts: 20 }")) {
            // when
            CliRun.Result apply = noWaits(cloud).run("apply", "-f", "spec.yaml", "--auto-approve");
            // then
            assertEquals(0, apply.exit(), apply.all());
            Map<String, Long> codes = cloud.emulator.calls().codes();
            assertTrue(
                    codes.getOrDefault("ServiceUnavailableTemporary", 0L) > 0
                            && codes.getOrDefault("Rejected.Throttling", 0L) > 0,
                    "faults were injected: " + codes);
            assertTrue(apply.out().matches("(?s).*API calls: \\d+ \\([1-9]\\d* retried\\).*"), apply.out());
            assertEquals(0L, codes.getOrDefault("SignatureNonceUsed", 0L), codes.toString());
            assertEquals(0L, codes.getOrDefault("IllegalTimestamp", 0L), codes.toString());
        }
    }

    @Test
    void retriedReads_ofVerifyAndOfTheCutoverPlan_areNeverRefusedAsReplaysOrStale() {
        String faults = "{ throttleRate: 0.1, seed: 17, failures: [ { action: '*', rate: 0.2, status: 503 },"
                + " { action: '*', rate: 0.05, drop: true } ] }";
        String spec = "execution: { maxAttempts: 20 }";
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(6, true, faults), spec)) {
            // given: an applied migration
            assertEquals(
                    0,
                    noWaits(cloud)
                            .run("apply", "-f", "spec.yaml", "--auto-approve")
                            .exit());
            // when: verify reads both regions, and the cutover plan reads ActionTrail, all under the same faults
            CliRun.Result verify = noWaits(cloud).run("verify", "-f", "spec.yaml");
            // ActionTrail at 50 calls per second instead of its default 2 (the client limit is not what this is about)
            cloud.writeSpec("execution: { maxAttempts: 20, rateLimits: { actionTrail: 50 } }\n"
                    + "cutover: { deleteSource: true, recoveryWindowDays: 7, quietPeriod: 7d }");
            CliRun.Result cutover = noWaits(cloud).run("plan", "-f", "spec.yaml");
            // then
            assertEquals(0, verify.exit(), verify.all());
            assertTrue(cutover.exit() == 0 || cutover.exit() == 2, cutover.all());
            Map<String, Long> codes = cloud.emulator.calls().codes();
            assertTrue(codes.getOrDefault("ServiceUnavailableTemporary", 0L) > 0, "faults were injected: " + codes);
            assertTrue(cloud.emulator.calls().count("LookupEvents") > 0, "the cutover plan read ActionTrail");
            assertEquals(0L, codes.getOrDefault("SignatureNonceUsed", 0L), codes.toString());
            assertEquals(0L, codes.getOrDefault("IllegalTimestamp", 0L), codes.toString());
        }
    }
}
