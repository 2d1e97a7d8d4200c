package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.auth.SignatureVersion;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.policy.retry.RetryPolicy;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.openapi.Signatures;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * What the gateway refuses before any action runs (kms-openapi.md §19 "Common-parameter strictness"): a replayed
 * SignatureNonce, a Timestamp more than 15 minutes off, a SignatureMethod the signature was not made with, a missing
 * or unknown Version. And what it must not refuse: the SDK's own re-signed retries, and clients on a machine whose
 * emulator clock was moved.
 */
class GatewayStrictnessTest {
    static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @AfterEach
    void reset() {
        emu.setFaults(FaultConfig.NONE);
        emu.setClockOffset(Duration.ZERO);
    }

    /** A V1-signed DescribeSecret; {@code change} edits the common parameters before signing. */
    private static Map<String, String> signed(java.util.function.Consumer<Map<String, String>> change) {
        Map<String, String> p = new TreeMap<>(Map.of(
                "Action",
                "DescribeSecret",
                "SecretName",
                "orders/db-password",
                "AccessKeyId",
                "LTAItestMigrator",
                "Format",
                "JSON",
                "Version",
                "2016-01-20",
                "SignatureMethod",
                "HMAC-SHA1",
                "SignatureVersion",
                "1.0",
                "SignatureNonce",
                UUID.randomUUID().toString(),
                "Timestamp",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        change.accept(p);
        p.put("Signature", Signatures.v1Signature(Signatures.v1StringToSign("POST", p), "test-migrator-secret"));
        return p;
    }

    private static HttpResponse<byte[]> send(Map<String, String> p) throws Exception {
        String q = p.entrySet().stream()
                .map(e -> Signatures.pct(e.getKey()) + "=" + Signatures.pct(e.getValue()))
                .collect(Collectors.joining("&"));
        return RawHttp.send("POST", "https://" + emu.info().regionEndpoint("cn-hangzhou") + "/?" + q, Map.of(), null);
    }

    private static String code(HttpResponse<byte[]> r) {
        JsonNode j = Json.MAPPER.readTree(r.body());
        return r.statusCode() + " " + j.path("Code").asString("");
    }

    @Test
    void replayedRequest_isRefusedWithSignatureNonceUsed() throws Exception {
        // given: a request that succeeded
        Map<String, String> p = signed(x -> {});
        assertEquals(200, send(p).statusCode());
        // when: the very same bytes are sent again
        HttpResponse<byte[]> replay = send(p);
        // then
        assertEquals("400 SignatureNonceUsed", code(replay));
        assertTrue(new String(replay.body(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("Specified signature nonce was used already."));
    }

    @Test
    void replayedNonce_isRefusedEvenUnderAnotherAccessKeyAndRegion() throws Exception {
        String nonce = UUID.randomUUID().toString();
        assertEquals(200, send(signed(p -> p.put("SignatureNonce", nonce))).statusCode());
        Map<String, String> other = new TreeMap<>(Map.of(
                "Action",
                "DescribeSecret",
                "SecretName",
                "x",
                "AccessKeyId",
                "LTAItestApp",
                "Format",
                "JSON",
                "Version",
                "2016-01-20",
                "SignatureMethod",
                "HMAC-SHA1",
                "SignatureVersion",
                "1.0",
                "SignatureNonce",
                nonce,
                "Timestamp",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        other.put("Signature", Signatures.v1Signature(Signatures.v1StringToSign("POST", other), "test-app-secret"));
        String q = other.entrySet().stream()
                .map(e -> Signatures.pct(e.getKey()) + "=" + Signatures.pct(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<byte[]> r =
                RawHttp.send("POST", "https://" + emu.info().regionEndpoint("cn-shanghai") + "/?" + q, Map.of(), null);
        assertEquals("400 SignatureNonceUsed", code(r), "the gateway's nonces are account-wide");
    }

    @ParameterizedTest(name = "Timestamp {0}s from now")
    @ValueSource(longs = {-16 * 60, 16 * 60, -86_400})
    void timestampMoreThan15MinutesOff_isIllegalTimestamp(long seconds) throws Exception {
        Instant t = Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        assertEquals("400 IllegalTimestamp", code(send(signed(p -> p.put("Timestamp", t.toString())))));
    }

    @ParameterizedTest(name = "Timestamp {0}s from now")
    @ValueSource(longs = {-14 * 60, 14 * 60})
    void timestampWithin15Minutes_isAccepted(long seconds) throws Exception {
        Instant t = Instant.now().plusSeconds(seconds).truncatedTo(ChronoUnit.SECONDS);
        assertEquals(200, send(signed(p -> p.put("Timestamp", t.toString()))).statusCode());
    }

    @Test
    void missingOrUnreadableTimestamp_isIllegalTimestamp() throws Exception {
        assertEquals("400 IllegalTimestamp", code(send(signed(p -> p.remove("Timestamp")))));
        assertEquals("400 IllegalTimestamp", code(send(signed(p -> p.put("Timestamp", "yesterday")))));
    }

    @Test
    void signatureMethodOtherThanTheSignatures_doesNotMatch() throws Exception {
        // the signature is HMAC-SHA1 over parameters that claim HMAC-SHA256
        assertEquals("400 SignatureDoesNotMatch", code(send(signed(p -> p.put("SignatureMethod", "HMAC-SHA256")))));
        assertEquals("400 SignatureDoesNotMatch", code(send(signed(p -> p.remove("SignatureMethod")))));
    }

    @Test
    void missingOrUnknownVersion_isRefused() throws Exception {
        assertEquals("400 MissingVersion", code(send(signed(p -> p.remove("Version")))));
        HttpResponse<byte[]> other = send(signed(p -> p.put("Version", "2015-01-20")));
        assertEquals("400 InvalidVersion", code(other));
        assertTrue(new String(other.body(), java.nio.charset.StandardCharsets.UTF_8)
                .contains("Specified parameter Version is not valid."));
    }

    @Test
    void refusedRequests_neverReachTheAction() throws Exception {
        long before = emu.calls().codes().getOrDefault("SignatureNonceUsed", 0L);
        Map<String, String> p = signed(x -> {});
        send(p);
        send(p);
        assertEquals(before + 1, emu.calls().codes().getOrDefault("SignatureNonceUsed", 0L));
    }

    @Test
    void sdkOwnRetries_reSignWithAFreshNonceAndTimestamp_soA503IsRetriedNotRefused() throws Exception {
        // given: the SDK's opt-in retry (sdk-wire-protocol.md §2.9) and an injected 503
        emu.setFaults(
                FaultConfig.NONE.withFailures(List.of(new FaultConfig.Failure("DescribeSecret", 1, null, 503, false))));
        SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
        hz.acs().setSysRetryPolicy(RetryPolicy.defaultRetryPolicy(false));
        long attempts = emu.calls().count("cn-hangzhou", "DescribeSecret");
        long replays = emu.calls().codes().getOrDefault("SignatureNonceUsed", 0L);
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        // when
        assertEquals("orders/db-password", hz.call(d).getSecretName());
        // then: both attempts reached the server (and passed the gateway), the second not a replay
        assertEquals(attempts + 2, emu.calls().count("cn-hangzhou", "DescribeSecret"));
        assertEquals(replays, emu.calls().codes().getOrDefault("SignatureNonceUsed", 0L));
    }

    @Test
    void sameRequestObjectCalledTwice_isSignedAfreshEachTime_v1AndV3() throws Exception {
        for (SignatureVersion v : new SignatureVersion[] {SignatureVersion.V1, SignatureVersion.V3}) {
            SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou", 1);
            hz.acs().setSignatureVersion(v);
            DescribeSecretRequest d = new DescribeSecretRequest();
            d.setSecretName("orders/db-password");
            hz.call(d);
            assertEquals(
                    "orders/db-password", hz.call(d).getSecretName(), v + ": a re-sent request object is re-signed");
        }
    }

    @Test
    void movedEmulatorClock_doesNotLockOutClientsOnThisMachine() throws Exception {
        SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        long refused = emu.calls().codes().getOrDefault("IllegalTimestamp", 0L);
        // the emulator's stamps run an hour ahead (a skewed server, CutoverEvidenceTest) or 40 days on (time travel)
        for (Duration offset : new Duration[] {Duration.ofHours(1), Duration.ofHours(-1), Duration.ofDays(40)}) {
            emu.setClockOffset(offset);
            assertEquals("orders/db-password", hz.call(d).getSecretName(), "offset " + offset);
        }
        assertEquals(
                refused,
                emu.calls().codes().getOrDefault("IllegalTimestamp", 0L),
                emu.calls().codes().toString());
    }
}
