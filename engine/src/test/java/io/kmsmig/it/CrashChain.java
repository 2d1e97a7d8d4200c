package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A chain of killed applies: each apply is SIGKILLed (a real child process, or the same kill made in this JVM) right
 * after KMS applied its n-th write and before the answer reaches it, and each starts on what the killed one before it left (its journal's unanswered
 * intents, the writes KMS made). The first is killed after its {@code first}-th write, every later one after its
 * {@code every}-th, so two chains with (first, every) = (1, 2) and (2, 2) kill the migration after every one of its
 * writes, each kill but the first of a chain lands in the recovery of another, and each killed run but a chain's
 * first had one of its own writes answered and recorded. Runs take turns: an inline apply (it plans afresh after a
 * kill), a saved plan made after a kill, and that same saved plan applied again (resumed after its own kill). Every
 * {@link #CHILD_EVERY}-th run is a real child SIGKILLed (its lock dies with its process, and the next run must take
 * it); the runs between are the same kill made in this JVM ({@link CrashInProcess}). The chain ends with the first apply that finishes on its own, then one plain apply; the destination must equal an
 * uninterrupted run's, a plan must find nothing to do, no run needed force-unlock (each lock died with its process),
 * and no output held a value.
 *
 * <p>The state backend is the spec's {@code state:} block: the chain and the uninterrupted reference run use
 * different ones ({@link #run}'s {@code referenceState} and {@code chainState}), so nothing needs clearing between
 * them and a PostgreSQL variant passes two workspaces or schemas.
 */
final class CrashChain {
    static final Map<String, String> ENV =
            Map.of("KMSMIG_AK_ID", "LTAIgenMigrator", "KMSMIG_AK_SECRET", "gen-migrator-secret");

    private enum Mode {
        INLINE,
        NEW_PLAN,
        RESUMED_PLAN
    }

    /**
     * Every run whose number is a multiple of this is a child process that is SIGKILLed (runs 0, 4, 8, ...: each of
     * the three modes in turn, since 4 and 3 are coprime); the others are killed in this JVM ({@link CrashInProcess}):
     * the same kill point, the files and world a SIGKILL there leaves, without a JVM start per kill.
     * {@code -Dcrash.allChildren=true} makes every run a child.
     */
    static final int CHILD_EVERY = 4;

    private static final boolean ALL_CHILDREN = Boolean.getBoolean("crash.allChildren");

    /** {@code state: FILE} on one line; a PostgreSQL block spans several ({@code backend:}, {@code url:}, ...). */
    private static final Pattern FILE_STATE = Pattern.compile("state:[ \\t]*([^\\s:{]+)\\s*");

    private CrashChain() {}

    /** The destination region's secrets, each as {@link EmulatedCloud#comparable}. */
    static Map<String, JsonNode> destination(EmulatedCloud cloud) {
        Map<String, JsonNode> out = new TreeMap<>();
        cloud.secrets("cn-shanghai").forEach((k, v) -> out.put(k, EmulatedCloud.comparable(v)));
        return out;
    }

    /**
     * Applies once uninterrupted (with {@code referenceState}), resets the emulator's world, then runs the chain with
     * {@code chainState}.
     */
    static Outcome run(
            EmulatedCloud cloud, String referenceState, String chainState, String specExtra, long first, long every)
            throws Exception {
        return run(cloud, referenceState, chainState, specExtra, first, every, Map.of());
    }

    /** {@link #run} with more environment for the children (a PostgreSQL password variable, for example). */
    static Outcome run(
            EmulatedCloud cloud,
            String referenceState,
            String chainState,
            String specExtra,
            long first,
            long every,
            Map<String, String> childEnv)
            throws Exception {
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(childEnv);
        Path dir = cloud.dir;
        cloud.writeSpec(referenceState, specExtra);
        CliRun.Result ref = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, ref.exit(), ref.all());
        Map<String, JsonNode> reference = destination(cloud);
        long writes = cloud.emulator.calls().writes();
        assertTrue(writes >= 3, "a scenario worth a chain: " + writes + " writes"); // the callers say how many more
        cloud.emulator.reset();
        cloud.writeSpec(chainState, specExtra);
        Path stateFile = stateFile(dir, chainState);
        StringBuilder history = new StringBuilder();
        List<Path> logs = new ArrayList<>();
        int killed = 0;
        int children = 0;
        for (int run = 0; ; run++) {
            assertTrue(
                    run <= 2 * writes,
                    "the chain ends: every killed apply wrote, so " + writes + " runs suffice" + history);
            Mode mode = Mode.values()[run % 3];
            if (mode == Mode.NEW_PLAN) {
                CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
                assertEquals(0, plan.exit(), "run " + run + ": " + plan.all() + history);
            }
            Path log = dir.resolve("chain-" + run + ".log");
            logs.add(log);
            long n = run == 0 ? first : every;
            String[] args = mode == Mode.INLINE
                    ? new String[] {"apply", "-f", "spec.yaml", "--auto-approve"}
                    : new String[] {"apply", "-f", "spec.yaml", "p.kmsplan"};
            boolean inChild = stateFile == null || ALL_CHILDREN || run % CHILD_EVERY == 0;
            Ended ended = inChild
                    ? killAtWrite(start(cloud, env, n, log, args), log)
                    : CrashInProcess.killAtWrite(cloud, stateFile, n, log, args);
            history.append("\n--- run ")
                    .append(run)
                    .append(" (")
                    .append(mode)
                    .append(inChild ? ", child" : ", in this JVM")
                    .append(ended.killed() ? ", killed after its write " + n : ", finished")
                    .append("):\n")
                    .append(Files.readString(log));
            if (!ended.killed()) {
                assertEquals(0, ended.exit(), "an apply after a kill finishes: " + history);
                break;
            }
            killed++;
            if (inChild) {
                children++;
            }
        }
        CliRun.Result last = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
        assertEquals(0, last.exit(), last.all() + history);
        assertEquals(reference, destination(cloud), "the destination equals an uninterrupted run's" + history);
        assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), history.toString());
        for (Path log : logs) {
            assertFalse(Files.readString(log).contains("CANARY"), log + " holds no value");
        }
        assertFalse(last.all().contains("CANARY"));
        return new Outcome(writes, killed, children);
    }

    /**
     * The file a {@code state: FILE} block names, or null for another backend (PostgreSQL: every run of its chain is a
     * child, since {@link CrashInProcess} takes files).
     */
    private static Path stateFile(Path dir, String stateBlock) {
        Matcher file = FILE_STATE.matcher(stateBlock);
        return file.matches() ? dir.resolve(file.group(1)) : null;
    }

    /**
     * @param writes   the uninterrupted apply's writes
     * @param killed   the applies killed in the chain
     * @param children of those, the ones killed as child processes (SIGKILL); the others in this JVM
     */
    record Outcome(long writes, int killed, int children) {}

    /** How a run of the chain ended: killed after its n-th write, or on its own with an exit code. */
    record Ended(boolean killed, int exit) {}

    /** A child and the emulator's hold on its writes. */
    private record Held(Process child, WriteHold hold) {}

    /**
     * Starts kmsmig with {@code args} as a child; the emulator holds the answer of every write from the child's
     * {@code n}-th on.
     */
    private static Held start(EmulatedCloud cloud, Map<String, String> env, long n, Path log, String[] args) {
        WriteHold hold = WriteHold.from(cloud, n);
        return new Held(ChildKmsmig.start(cloud.dir, env, log, args), hold);
    }

    /**
     * Waits until the child's n-th write was applied (then SIGKILLs it) or it exited on its own (with its exit code).
     */
    private static Ended killAtWrite(Held held, Path log) throws Exception {
        Process child = held.child();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean hit;
        while (!(hit = held.hold().reached(50, TimeUnit.MILLISECONDS)) && child.isAlive()) {
            assertTrue(
                    System.nanoTime() < deadline,
                    "the child neither wrote nor finished; log: " + Files.readString(log));
        }
        if (hit) {
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended; log: " + Files.readString(log));
        held.hold().close();
        return new Ended(hit, hit ? -1 : child.exitValue());
    }
}
