package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Outcome;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.operation.ApplyOperation;
import io.kmsmig.operation.OperationContext;
import io.kmsmig.operation.PlanOperation;
import io.kmsmig.operation.VerifyOperation;
import io.kmsmig.plan.Plan;
import io.kmsmig.render.ConsoleApplyView;
import io.kmsmig.render.ConsolePlanView;
import io.kmsmig.render.ConsoleVerifyView;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.PlanOutput;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.InMemoryStateBackend;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateStore;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ForwardingStateBackend;
import io.kmsmig.support.Worlds;
import io.kmsmig.verify.VerifyReport;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations reach the state only through {@link StateBackend}: an apply reads it once, and a second backend
 * (in memory here) plugs in under plan, apply and verify without any command or operation knowing.
 */
class OperationsStateBackendTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The file backend, counting reads of the state. */
    private static final class CountingBackend extends ForwardingStateBackend {
        final AtomicInteger reads = new AtomicInteger();

        CountingBackend(StateBackend inner) {
            super(inner);
        }

        @Override
        public StateStore.Loaded read(String specName) {
            reads.incrementAndGet();
            return super.read(specName);
        }
    }

    private OperationContext context(EmulatedCloud cloud, StateBackend backend) {
        Cli cli = cloud.cli().context();
        MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
        SpecOption spec = new SpecOption();
        spec.file = Path.of("spec.yaml");
        return StateAccess.context(cli, s, spec, 4, Duration.ZERO).withBackend(backend);
    }

    private StateBackend fileBackend(EmulatedCloud cloud) {
        Cli cli = cloud.cli().context();
        MigrationSpec s = new SpecLoader(dir).load(dir.resolve("spec.yaml"));
        SpecOption spec = new SpecOption();
        spec.file = Path.of("spec.yaml");
        return StateAccess.backend(cli, s, spec);
    }

    private ApplyOperation apply(OperationContext ctx, String planFile) {
        return new ApplyOperation(
                ctx,
                new ConsoleApplyView(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        new BufferedReader(new StringReader("")),
                        false,
                        new Style(false),
                        planFile,
                        "spec.yaml"),
                handler -> () -> {});
    }

    @Test
    void applyOfASavedPlan_readsTheStateOnce() {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            // given a saved plan
            CliRun.Result planned = cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
            assertEquals(0, planned.exit(), planned.all());
            CountingBackend backend = new CountingBackend(fileBackend(cloud));
            // when it is applied (checking its pins against the state, then planning again against the same state)
            Optional<ApplyResult> r = apply(context(cloud, backend), "p.kmsplan")
                    .run(new ApplyOperation.Request(dir.resolve("p.kmsplan"), "p.kmsplan", false, null));
            // then
            assertTrue(r.isPresent() && !r.get().failed(), out + "\n" + err);
            assertEquals(3, r.get().counts().get(Outcome.MIGRATED), out.toString());
            assertEquals(1, backend.reads.get(), "apply reads the state once, holding the lock");
        }
    }

    @Test
    void applyWithoutAPlanFile_readsTheStateOnce() {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "")) {
            // given no state yet and no saved plan
            CountingBackend backend = new CountingBackend(fileBackend(cloud));
            // when apply plans and applies at once
            Optional<ApplyResult> r =
                    apply(context(cloud, backend), null).run(new ApplyOperation.Request(null, null, true, null));
            // then
            assertTrue(r.isPresent() && !r.get().failed(), out + "\n" + err);
            assertEquals(1, backend.reads.get(), "apply reads the state once, holding the lock");
            assertTrue(Files.exists(dir.resolve("state.json")), "the file backend folded the journal into state.json");
        }
    }

    @Test
    void inMemoryBackend_underPlanApplyAndVerify_holdsTheWholeState_andNoStateFileIsWritten() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            // given a second backend in place of the file
            InMemoryStateBackend memory = new InMemoryStateBackend(Clock.systemUTC());
            OperationContext ctx = context(cloud, memory);
            // when apply, then plan, then verify run against it
            Optional<ApplyResult> applied = apply(ctx, null).run(new ApplyOperation.Request(null, null, true, null));
            PlanOutput text = new PlanOutput(OutputFormat.text, new Style(false), "kmsmig plan -f <spec>", "test");
            Plan again = new PlanOperation(
                            ctx,
                            new ConsolePlanView(new PrintWriter(out, true), new PrintWriter(err, true), text, null))
                    .run(Set.of(), null);
            VerifyReport verified = new VerifyOperation(
                            ctx,
                            new ConsoleVerifyView(
                                    new PrintWriter(out, true),
                                    new PrintWriter(err, true),
                                    OutputFormat.text,
                                    new Style(false)))
                    .run(false);
            // then the apply's records were folded into the memory backend, and plan and verify read them from there
            assertTrue(applied.isPresent() && !applied.get().failed(), out + "\n" + err);
            assertEquals(3, applied.get().counts().get(Outcome.MIGRATED), out.toString());
            assertFalse(again.hasChanges(), "planning against the in-memory state finds the migration done:\n" + out);
            assertTrue(verified.passed(), out.toString());
            State state = memory.folded();
            assertNotNull(state.lineage());
            assertEquals(3, state.secrets().size());
            assertTrue(
                    state.secrets().values().stream().allMatch(s -> s.status() == SecretStatus.VERIFIED),
                    state.secrets().toString());
            State beforeVerify = memory.backup().orElseThrow();
            assertEquals(state.lineage(), beforeVerify.lineage(), "one lineage across folds");
            assertTrue(state.serial() > beforeVerify.serial(), "verify's records bumped the serial");
            assertEquals(2, memory.folds.get(), "apply and verify each folded once; plan wrote nothing");
            assertFalse(memory.locked(), "every operation released the lock");
            assertEquals(List.of(state.specName()), memory.list());
            // and the file backend was never touched
            try (var files = Files.list(dir)) {
                List<String> stateFiles = files.map(f -> f.getFileName().toString())
                        .filter(n -> n.startsWith("state"))
                        .toList();
                assertEquals(List.of(), stateFiles);
            }
        }
    }

    @Test
    void applyWhileTheBackendsLockIsHeld_isRefusedBeforeAnyKmsCall() {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "")) {
            // given another holder of the in-memory backend's lock
            InMemoryStateBackend memory = new InMemoryStateBackend(Clock.systemUTC());
            try (StateBackend.Lock held = memory.lock("apply", Duration.ZERO, line -> {})) {
                cloud.emulator.calls().clear();
                // when
                KmsmigException e = assertThrows(
                        KmsmigException.class,
                        () -> apply(context(cloud, memory), null)
                                .run(new ApplyOperation.Request(null, null, true, null)));
                // then
                assertEquals(ErrorCode.STATE_LOCKED, e.code());
                assertEquals(0, cloud.emulator.calls().writes(), "no write reached KMS");
                assertEquals(0, memory.reads.get(), "the state is read only holding the lock");
            }
        }
    }
}
