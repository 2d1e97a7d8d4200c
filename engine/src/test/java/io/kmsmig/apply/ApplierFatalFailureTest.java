package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorInfo;
import io.kmsmig.kms.CallMeter;
import io.kmsmig.kms.Connections;
import io.kmsmig.kms.CredentialSource;
import io.kmsmig.kms.Guard;
import io.kmsmig.kms.RateLimits;
import io.kmsmig.kms.RegionTarget;
import io.kmsmig.kms.RetryPolicy;
import io.kmsmig.kms.TrustRegistry;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateStore;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret whose run fails with an error that is not a KMS answer (here its progress report throws, standing in for a
 * journal or events file that cannot be written) ends the apply; the apply must not return while another secret's
 * call is in flight, or that secret would write to a journal the command is closing.
 */
class ApplierFatalFailureTest {
    private static final String A = "a-fatal";
    private static final String B = "b-in-flight";
    private static final String C = "c-queued";

    @TempDir
    Path dir;

    /** a-fatal and c-queued have one version (a CreateSecret); b-in-flight two, so only it calls PutSecretValue. */
    private static String world() {
        String secrets = String.join(
                "\n",
                "      - name: " + A,
                "        versions: [ { id: v1, created: 2023-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY a\" } ]",
                "      - name: " + B,
                "        versions:",
                "          - { id: v1, created: 2023-01-01T00:00:00Z, stages: [ACSPrevious], data: \"CANARY b1\" }",
                "          - { id: v2, created: 2023-02-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY b2\" }",
                "      - name: " + C,
                "        versions: [ { id: v1, created: 2023-01-01T00:00:00Z, stages: [ACSCurrent], data: \"CANARY c\" } ]");
        // The first PutSecretValue answers 503: b-in-flight's call is retried, and the retry waits in the test's
        // sleeper.
        return String.format(
                Worlds.HEADER, true, "{ failures: [ { action: PutSecretValue, nth: 1, status: 503 } ] }", secrets);
    }

    @Test
    void aSecretFailingFatally_stopsTheApply_whichThrowsOnlyOnceTheCallsInFlightAreRecorded() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, world(), "")) {
            // given: a plan made by the CLI, and an Applier over the real SDK to the emulator
            assertEquals(
                    0, cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan").exit());
            Plan plan = PlanFile.read(dir.resolve("p.kmsplan"), "p.kmsplan").plan();
            MigrationSpec spec = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
            CountDownLatch bInFlight = new CountDownLatch(1);
            CountDownLatch releaseB = new CountDownLatch(1);
            CountDownLatch aFailing = new CountDownLatch(1);
            Guard guard = new Guard(
                    new RateLimits(Map.of()),
                    RetryPolicy.of(3),
                    new CallMeter(),
                    d -> {
                        bInFlight.countDown(); // b-in-flight's PutSecretValue waits to be retried: its intent is
                        // recorded
                        await(releaseB);
                    },
                    new SplittableRandom(1),
                    Clock.systemUTC());
            RuntimeException fatal = new IllegalStateException("the report of " + A + " cannot be written");
            Progress progress = new Progress() {
                @Override
                public void start(int secrets) {}

                @Override
                public void secretDone(String name, Outcome outcome, String note) {
                    if (name.equals(A)) {
                        await(bInFlight);
                        aFailing.countDown();
                        throw fatal;
                    }
                }

                @Override
                public void close() {}
            };
            StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            AtomicReference<State> atReturn = new AtomicReference<>();
            AtomicReference<Long> bytesAtReturn = new AtomicReference<>();
            try (Journal journal = store.openJournal(State.empty(spec.name()), spec.sha256())) {
                Applier applier = new Applier(
                        spec,
                        connections(cloud.emulator.info(), guard),
                        journal,
                        new Applier.Options(2, progress, ApplyEvents.none(), Clock.systemUTC(), null));
                Thread apply = new Thread(
                        () -> {
                            try {
                                applier.apply(plan, null);
                            } catch (Throwable t) {
                                thrown.set(t);
                            } finally {
                                atReturn.set(journal.current());
                                bytesAtReturn.set(size(store.journalFile()));
                            }
                        },
                        "test-apply");
                // when: a-fatal fails while b-in-flight's call is in flight, and then that call is answered
                apply.start();
                await(aFailing);
                // a-fatal's progress report counted the latch down just before it throws: only once the runner has
                // taken that failure in (its stop flag) may b-in-flight finish, or its worker could legitimately take
                // c-queued before the failure exists (seen on a loaded machine)
                waitUntil(applier::stopping, "the runner took in a-fatal's failure");
                releaseB.countDown();
                apply.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(apply.isAlive(), "apply returned");
                waitUntilNoApplyThreadRuns();

                // then: the failure is thrown as itself, after b-in-flight's call was recorded, and nothing after it
                assertSame(fatal, thrown.get(), "the secret's own exception, not a wrapper");
                State now = journal.current();
                assertEquals(atReturn.get().serial(), now.serial(), "no journal record after apply threw");
                assertEquals(bytesAtReturn.get(), size(store.journalFile()), "no journal bytes after apply threw");
                SecretState b = atReturn.get().secrets().get(B);
                assertNotNull(b, B + " was recorded");
                assertNull(b.inFlight(), "its PutSecretValue finished and was recorded before apply threw: " + b);
                assertNull(now.secrets().get(C), C + " never started after the failure");
                assertFalse(cloud.secrets("cn-shanghai").containsKey(C), C + " was not created");
            }
        }
    }

    private static Connections connections(EmulatorInfo info, Guard guard) {
        info.regions().values().forEach(e -> TrustRegistry.register(e, info.caCertFile()));
        CredentialSource key =
                new CredentialSource.StaticKey("LTAIgenMigrator", "gen-migrator-secret", null, "the test");
        List<RegionTarget> t = List.of("cn-hangzhou", "cn-shanghai").stream()
                .map(r -> new RegionTarget(
                        r,
                        info.regionEndpoint(r),
                        info.actionTrail().get(r),
                        key,
                        r.equals("cn-hangzhou") ? "source" : "destination",
                        info.sts()))
                .toList();
        return new Connections(t.get(0), t.get(1), null, guard, 2);
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.onSpinWait();
        }
    }

    private static void waitUntilNoApplyThreadRuns() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("kmsmig-apply"))) {
            assertTrue(System.nanoTime() < deadline, "the apply's worker threads ended");
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "the latch opened within 60 s");
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted: a call in flight must be let finish", e);
        }
    }
}
