package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Many runners, one PostgreSQL database: real child processes connecting by URL. Four applies of one spec at once:
 * exactly one applies, the three others fail at once naming the holder (its pid, host, operation and start); four
 * applies of four specs (four migrations, one secret each) in one schema at once: all hold their locks at the same
 * time, and all succeed.
 */
@Execution(ExecutionMode.CONCURRENT) // each test has its own directory, emulator and schema
@Order(ItOrder.MIDDLE)
class PgLockIT {
    @TempDir
    Path dir;

    @Test
    void fourAppliesOfOneSpec_exactlyOneApplies_theOthersNameTheHolder() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "")) {
            // the schema exists already (the point is the lock; four processes creating one schema at once are the
            // next test's first use), so the children skip Flyway
            PgIt.useState(dir, "generated", PgIt.stateBlock(PgIt.migratedSchema()));
            // given the emulator holds the answer of the first write until the three others have ended
            CountDownLatch writing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            cloud.emulator.onWriteApplied(n -> {
                writing.countDown();
                await(release);
            });
            // when four applies start at once
            List<Process> children = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path log = dir.resolve("apply-" + i + ".log");
                logs.add(log);
                children.add(
                        ChildKmsmig.start(dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve"));
            }
            try {
                PgIt.await(
                        () -> writing.getCount() == 0
                                && children.stream().filter(Process::isAlive).count() == 1,
                        () -> "one apply writing, three ended: "
                                + logs.stream().map(PgIt::read).toList());
            } finally {
                release.countDown();
            }
            for (Process p : children) {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            }
            cloud.emulator.onWriteApplied(n -> {});
            // then
            List<Integer> exits = children.stream().map(Process::exitValue).toList();
            assertEquals(1, exits.stream().filter(e -> e == 0).count(), "exactly one applied: " + exits);
            Process holder = children.get(exits.indexOf(0));
            String host = InetAddress.getLocalHost().getHostName();
            for (int i = 0; i < 4; i++) {
                String out = PgIt.read(logs.get(i));
                if (children.get(i) == holder) {
                    assertTrue(out.contains("Apply complete"), out);
                    continue;
                }
                assertEquals(1, exits.get(i), out);
                assertTrue(
                        out.contains("is locked by apply by pid " + holder.pid() + " on " + host + " since "),
                        "names the holder (operation, pid, host, start): " + out);
            }
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertTrue(plan.out().contains("No changes."), plan.all());
        }
    }

    @Test
    void fourAppliesOfFourSpecsInOneDatabase_runAtTheSameTime_andAllSucceed() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(4, true, "{}"), "")) {
            // a schema no one made yet: the four processes' first use, at once, creates it (Flyway's own lock)
            String schema = EmbeddedPg.freshSchema();
            String template = Files.readString(dir.resolve("spec.yaml"));
            for (int i = 0; i < 4; i++) {
                Files.writeString(dir.resolve("spec.yaml"), template);
                PgIt.useState(
                        dir, "team" + i, PgIt.stateBlock(schema) + "secrets: { include: [\"app" + i + "/**\"] }\n");
                Files.move(dir.resolve("spec.yaml"), dir.resolve("spec-" + i + ".yaml"));
            }
            // given the emulator holds every write until four are in flight: one per migration (a migration of one
            // secret has one write in flight at a time), so all four hold their locks at once
            CountDownLatch four = new CountDownLatch(4);
            cloud.emulator.onWriteApplied(n -> {
                four.countDown();
                await(four);
            });
            // when
            List<Process> children = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Path log = dir.resolve("apply-" + i + ".log");
                logs.add(log);
                children.add(ChildKmsmig.start(
                        dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec-" + i + ".yaml", "--auto-approve"));
            }
            for (Process p : children) {
                assertTrue(
                        p.waitFor(180, TimeUnit.SECONDS),
                        "an apply ended: " + logs.stream().map(PgIt::read).toList());
            }
            cloud.emulator.onWriteApplied(n -> {});
            // then
            for (int i = 0; i < 4; i++) {
                String out = PgIt.read(logs.get(i));
                assertEquals(0, children.get(i).exitValue(), out);
                assertEquals(0, four.getCount(), "four writes were in flight at once");
                CliRun.Result plan = cloud.run("plan", "-f", "spec-" + i + ".yaml");
                assertTrue(plan.out().contains("No changes."), plan.all());
            }
            assertEquals(
                    4,
                    cloud.secrets("cn-shanghai").size(),
                    cloud.secrets("cn-shanghai").keySet().toString());
            assertEquals(
                    4,
                    PgIt.count("SELECT count(*) FROM " + schema + ".migration WHERE snapshot IS NOT NULL"
                            + " AND spec_name LIKE 'team_'"),
                    "four migrations, each folded, in one schema");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final Map<String, String> ENV = CrashMatrixIT.ENV;
}
