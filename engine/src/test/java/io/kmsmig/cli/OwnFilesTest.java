package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.scenarios.Scenario;
import io.kmsmig.support.MemoryTempDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** kmsmig never overwrites its own files with an output, and writes a symlinked state through to its target. */
class OwnFilesTest {
    /** In memory (the apply and every command's state lock fsync); links, hard links and pipes work there alike. */
    @TempDir(factory = MemoryTempDir.class)
    Path tmp;

    @TempDir(factory = MemoryTempDir.class)
    static Path once;
    /** The scenario's directory after its one apply, made by the first case that needs it; cases work on copies. */
    private static Path appliedOnce;

    /**
     * The scenario after one apply: state, backup-worthy history and the sandbox world all exist. The apply runs
     * once per class; each case gets a byte-for-byte copy of the directory it left (the same files a fresh apply
     * leaves: the sandbox's world, state and lock files hold relative paths only), which it may change freely.
     */
    private Path applied() throws IOException {
        Path work = tmp.resolve("seed-example");
        Path from = appliedOnce();
        try (Stream<Path> s = Files.walk(from)) { // parents first
            for (Path f : s.toList()) {
                Files.copy(
                        f,
                        work.resolve(from.relativize(f).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
            }
        }
        return work;
    }

    private static synchronized Path appliedOnce() {
        if (appliedOnce == null) {
            Path work = Scenario.named("seed-example").workdir(once);
            CliRun.Result r = new CliRun(work).run("apply", "-f", "spec.yaml", "--auto-approve");
            assertEquals(0, r.exit(), r.all());
            appliedOnce = work;
        }
        return appliedOnce;
    }

    private static Map<Path, byte[]> snapshot(Path dir) throws IOException {
        Map<Path, byte[]> files = new HashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p), Files.readAllBytes(p));
            }
        }
        return files;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "state.json",
                "state.json.journal",
                "state.json.backup",
                "state.json.lock",
                "spec.yaml",
                "world.yaml",
                "sandbox.json",
                "sandbox.json.log",
                "./sub/../state.json",
                "link-to-state.json"
            })
    void planOut_ontoAFileKmsmigKeeps_isRefusedAndNothingIsWritten(String out) throws IOException {
        // given
        Path work = applied();
        Files.createDirectories(work.resolve("sub"));
        Files.createSymbolicLink(work.resolve("link-to-state.json"), work.resolve("state.json"));
        Map<Path, byte[]> before = snapshot(work);
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", out);
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("-o " + out + " is the ") && r.err().contains("Nothing was written"), r.err());
        Map<Path, byte[]> after = snapshot(work);
        assertEquals(before.keySet(), after.keySet(), "no file appeared or vanished");
        before.forEach((p, bytes) -> assertArrayEquals(bytes, after.get(p), p + " is unchanged"));
    }

    @Test
    void applyEvents_ontoTheState_isRefusedBeforeAnythingRuns() throws IOException {
        Path work = applied();
        Map<Path, byte[]> before = snapshot(work);
        CliRun.Result r = new CliRun(work).run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "state.json");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("--events state.json is the state file of spec.yaml"), r.err());
        assertArrayEquals(before.get(Path.of("state.json")), Files.readAllBytes(work.resolve("state.json")));
    }

    @Test
    void applyEvents_ontoAHardLinkOfTheState_isRefused() throws IOException {
        // given: another name for the state's bytes; appending events there would corrupt the state
        Path work = applied();
        Files.createLink(work.resolve("state-hardlink.json"), work.resolve("state.json"));
        Map<Path, byte[]> before = snapshot(work);
        // when
        CliRun.Result r =
                new CliRun(work).run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "state-hardlink.json");
        CliRun.Result p = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", "state-hardlink.json");
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("--events state-hardlink.json is the state file of spec.yaml"), r.err());
        assertEquals(1, p.exit(), p.all());
        assertTrue(p.err().contains("-o state-hardlink.json is the state file of spec.yaml"), p.err());
        assertArrayEquals(before.get(Path.of("state.json")), Files.readAllBytes(work.resolve("state.json")));
        assertArrayEquals(before.get(Path.of("state.json")), Files.readAllBytes(work.resolve("state-hardlink.json")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "state: state.json|sandbox: { world: world.yaml, data: world.yaml }|sandbox.data: the sandbox world (sandbox.data) is the world it starts from",
                "state: state.json|sandbox: { world: world.yaml, data: ./spec.yaml }|sandbox.data: the sandbox world (sandbox.data) is the spec itself",
                "state: world.yaml|sandbox: { world: world.yaml, data: sandbox.json }|state: the state file is the sandbox",
                "state: sub/../spec.yaml|sandbox: { world: world.yaml, data: sandbox.json }|state: the state file is the spec itself"
            })
    void specWhoseWrittenFileIsAnotherOfItsFiles_isRefusedByValidate_andPlanLeavesItAlone(
            String state, String sandbox, String expected) throws IOException {
        // given: the spec names one file twice, once as a file kmsmig writes
        Path work = Scenario.named("seed-example").workdir(tmp);
        Files.createDirectories(work.resolve("sub"));
        String spec = Files.readString(work.resolve("spec.yaml"))
                .replace("state: state.json", state)
                .replace("sandbox: { world: world.yaml, data: sandbox.json }", sandbox);
        Files.writeString(work.resolve("spec.yaml"), spec);
        Map<Path, byte[]> before = snapshot(work);
        // when
        CliRun.Result v = new CliRun(work).run("validate", "-f", "spec.yaml");
        CliRun.Result p = new CliRun(work).run("plan", "-f", "spec.yaml");
        // then: a located spec error; the world and the spec are untouched (the sandbox saves its world even on plan)
        assertEquals(1, v.exit(), v.all());
        assertTrue(v.err().contains("spec.yaml:") && v.err().contains(expected), v.err());
        assertEquals(1, p.exit(), p.all());
        assertFalse(p.all().contains("Exception"), p.all());
        Map<Path, byte[]> after = snapshot(work);
        before.forEach((f, bytes) -> assertArrayEquals(bytes, after.get(f), f + " is unchanged"));
    }

    @Test
    void planOut_neverWritesThroughALinkPlantedAtATempName() throws IOException {
        // given: someone sharing the directory planted plan.kmsplan.tmp -> victim.txt
        Path work = applied();
        Path victim = Files.writeString(work.resolve("victim.txt"), "precious");
        Files.createSymbolicLink(work.resolve("plan.kmsplan.tmp"), victim);
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", "plan.kmsplan");
        // then
        assertEquals(0, r.exit(), r.all());
        assertEquals("precious", Files.readString(victim));
        assertTrue(Files.readString(work.resolve("plan.kmsplan")).contains("\"checksum\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"state.json.lock", "sandbox.json.lock"})
    void aLockFilePlantedAsALink_isRefusedClearly_andItsTargetIsUntouched(String lock) throws IOException {
        // given: someone sharing the directory replaced a lock file with a link to a file of the user's
        Path work = applied();
        Path victim = Files.writeString(work.resolve("victim.txt"), "precious");
        Files.delete(work.resolve(lock));
        Files.createSymbolicLink(work.resolve(lock), victim);
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml");
        // then: a clear refusal naming the link (taking a lock truncated and rewrote its target)
        assertEquals(1, r.exit(), r.all());
        assertTrue(
                r.err().contains(lock)
                        && r.err().contains("symbolic link")
                        && r.err().contains("rm ")
                        && !r.err().contains("internal error"),
                r.err());
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void planOut_ontoADirectory_leavesNoTempFileBehind() throws IOException {
        Path work = applied();
        Files.createDirectories(work.resolve("plans"));
        Map<Path, byte[]> before = snapshot(work);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", "plans");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("Cannot write the plan to ") && r.err().contains("Nothing was written"), r.err());
        assertEquals(before.keySet(), snapshot(work).keySet(), "no file appeared");
    }

    @Test
    void planOut_throughASymlink_writesItsTarget_andKeepsTheLink() throws IOException {
        // given: plan.kmsplan is a link into another directory
        Path work = applied();
        Path shared = Files.createDirectories(tmp.resolve("plans"));
        Files.createSymbolicLink(work.resolve("plan.kmsplan"), shared.resolve("latest.kmsplan"));
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", "plan.kmsplan");
        // then
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.isSymbolicLink(work.resolve("plan.kmsplan")), "the link is kept");
        assertTrue(Files.readString(shared.resolve("latest.kmsplan")).contains("\"checksum\""));
        assertEquals(
                0,
                new CliRun(work)
                        .run("apply", "-f", "spec.yaml", "plan.kmsplan", "--auto-approve")
                        .exit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pipe", "pipe-link", "plans", "plans-link"})
    void planOut_ontoSomethingNotARegularFile_isRefusedBeforeAnythingRuns(String out) throws Exception {
        // given: a named pipe and a directory, directly and through links, all in the test's own directory (never a
        // real device: run as root, the bug this guards against replaced /dev/stdout with a regular file)
        Path work = applied();
        Files.createDirectories(work.resolve("plans"));
        Process mkfifo = new ProcessBuilder("mkfifo", work.resolve("pipe").toString())
                .inheritIO()
                .start();
        assertEquals(0, mkfifo.waitFor());
        Files.createSymbolicLink(work.resolve("pipe-link"), work.resolve("pipe"));
        Files.createSymbolicLink(work.resolve("plans-link"), work.resolve("plans"));
        Map<Path, byte[]> before = snapshot(work);
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", out);
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(
                r.err().contains("Cannot write the plan to " + out)
                        && r.err().contains("Nothing was written")
                        && (r.err().contains("it is a directory") || r.err().contains("it is not a regular file")),
                r.err());
        assertEquals("", r.out(), "no plan was made");
        assertFalse(Files.isRegularFile(work.resolve("pipe")) || Files.isRegularFile(work.resolve("plans")));
        assertTrue(Files.isSymbolicLink(work.resolve("pipe-link")) && Files.isSymbolicLink(work.resolve("plans-link")));
        assertEquals(before.keySet(), snapshot(work).keySet(), "no file appeared");
    }

    @Test
    void deeplyNestedState_isALocatedError_thatNamesNoBackupWhenThereIsNone() throws IOException {
        // given: one apply (so no backup yet), then a state edited to nest deeper than the limit on its line 2
        Path work = applied();
        Path state = work.resolve("state.json");
        String json = Files.readString(state).strip();
        Files.writeString(state, "{\n\"x\": " + "[".repeat(100) + "]".repeat(100) + ",\n" + json.substring(1));
        assertFalse(Files.exists(work.resolve("state.json.backup")));
        // when
        CliRun.Result r = new CliRun(work).run("state", "list", "-f", "spec.yaml");
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("state.json:2:") && r.err().contains("nested more than 64 levels"), r.err());
        assertFalse(r.err().contains("The previous state is in"), r.err());
        assertTrue(
                r.err().contains("There is no backup to go back to") && r.err().contains("nothing was changed."),
                r.err());
        assertFalse(r.all().contains("\tat "), r.all());
    }

    @Test
    void planOut_elsewhere_isWritten() throws IOException {
        Path work = applied();
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "-o", "plan.kmsplan");
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.isRegularFile(work.resolve("plan.kmsplan")));
    }

    @Test
    void symlinkedState_isWrittenThroughToItsTarget() throws IOException {
        // given: the spec's state is a link into another directory, whose target does not exist yet
        Path work = Scenario.named("seed-example").workdir(tmp);
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Path target = shared.resolve("golden.state.json");
        Path link = Files.createSymbolicLink(work.resolve("state.json"), target);
        // when: apply twice (the second folds the journal into an existing state again)
        assertEquals(
                0,
                new CliRun(work)
                        .run("apply", "-f", "spec.yaml", "--auto-approve")
                        .exit());
        CliRun.Result again = new CliRun(work).run("apply", "-f", "spec.yaml", "--auto-approve");
        // then: the link is still a link, the target holds the state, the side files sit beside the target
        assertEquals(0, again.exit(), again.all());
        assertTrue(Files.isSymbolicLink(link), "the link was not replaced by a file");
        assertEquals(target, Files.readSymbolicLink(link));
        assertTrue(Files.readString(target).contains("orders/db-password"), "the target holds the state");
        assertTrue(Files.exists(shared.resolve("golden.state.json.backup")), "the backup sits beside the target");
        assertFalse(Files.exists(work.resolve("state.json.backup")), "no side file beside the link");
        CliRun.Result list = new CliRun(work).run("state", "list", "-f", "spec.yaml");
        assertTrue(list.out().contains("orders/db-password"), list.all());
    }

    @Test
    void symlinkLoop_isASpecErrorAtTheStateField() throws IOException {
        Path work = Scenario.named("seed-example").workdir(tmp);
        Files.createSymbolicLink(work.resolve("state.json"), work.resolve("state.json"));
        CliRun.Result r = new CliRun(work).run("validate", "-f", "spec.yaml");
        assertEquals(1, r.exit(), r.all());
        assertTrue(
                r.err().contains("spec.yaml:5:")
                        && r.err().contains("state: ")
                        && r.err().contains("loop"),
                r.err());
    }
}
