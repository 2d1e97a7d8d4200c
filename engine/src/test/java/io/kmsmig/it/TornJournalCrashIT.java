package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A crash leaves the journal's last record half-written (disk full, or kill -9 mid-write); the next apply is killed
 * too (a CI timeout); then a plain {@code apply} must reach the uninterrupted end state. The tear is made in the last
 * record a killed child apply wrote: at every byte of its frame header and first 16 JSON bytes (where what is left
 * goes from nothing, to a header, to a header with a little JSON), at every one of its last 8 bytes (a record
 * complete but for its end or its newline), and every 64th byte between, where every cut takes the same path (a
 * frame shorter than its length: about 50 tears of a 941-byte record, 0.3 s each on 2 idle cores;
 * {@code -Dtorn.everyByte=true} tears at every byte). The next apply's kill is a real SIGKILL of a child at
 * the first, middle and last offsets; at the others, to stay fast, it is the same thing done in this JVM: the files
 * and the world are copied at the instant KMS applied its first write (what a SIGKILL there leaves, since every
 * record is written to the OS before that write is sent), and put back once that apply has ended.
 */
@Order(ItOrder.LAST)
class TornJournalCrashIT {
    private static final List<String> FILES =
            List.of("state.json", "state.json.journal", "state.json.backup", "state.json.journal.damaged");

    @TempDir
    Path dir;

    @Test
    void journalTornAtEveryByteOfItsLastRecord_thenTheNextApplyKilled_thenApply_reachesTheUninterruptedEnd()
            throws Exception {
        try (EmulatedCloud cloud =
                new EmulatedCloud(dir, Worlds.generic(2, true, "{}"), "execution: { parallelism: 1 }")) {
            assertEquals(
                    0, cloud.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
            Map<String, JsonNode> reference = CrashMatrixIT.destination(cloud);
            // given: a child apply killed right after KMS applied its second write
            cloud.emulator.reset();
            clearFiles();
            killChildAfterWrite(cloud, 2, dir.resolve("first.log"));
            byte[] journal = Files.readAllBytes(dir.resolve("state.json.journal"));
            ObjectNode world = cloud.emulator.dump();
            int last = lastRecordStart(journal);
            System.out.println("torn journal matrix: last record bytes " + last + ".." + journal.length);
            boolean everyByte = Boolean.getBoolean("torn.everyByte");
            String head = new String(journal, last, 24, java.nio.charset.StandardCharsets.ISO_8859_1);
            int headerEnd = head.indexOf(':', head.indexOf(':') + 1) + 1; // LENGTH:CRC32C:
            int tried = 0;
            for (int cut = last + 1; cut < journal.length; cut++) {
                if (!everyByte && cut - last > headerEnd + 16 && cut < journal.length - 8 && (cut - last) % 64 != 0) {
                    continue;
                }
                tried++;
                // its last record torn at `cut`
                cloud.emulator.replaceWorld(world);
                clearFiles();
                Files.write(dir.resolve("state.json.journal"), Arrays.copyOf(journal, cut));
                // when: the next apply is killed right after its first write, then a plain apply runs
                boolean child = cut == last + 1 || cut == (last + journal.length) / 2 || cut == journal.length - 1;
                if (child) {
                    String log = killChildAfterWrite(cloud, 1, dir.resolve("next-" + cut + ".log"));
                    assertTrue(log.contains("cut short by a crash"), "cut " + cut + ": " + log);
                } else {
                    Path log = dir.resolve("next-" + cut + ".log");
                    assertTrue(
                            CrashInProcess.killAtWrite(
                                            cloud,
                                            dir.resolve("state.json"),
                                            1,
                                            log,
                                            "apply",
                                            "-f",
                                            "spec.yaml",
                                            "--auto-approve")
                                    .killed(),
                            "cut " + cut + ": first write reached");
                    String err = Files.readString(log);
                    assertTrue(
                            err.contains("Warning: skipped a record cut short by a crash"), "cut " + cut + ": " + err);
                }
                CliRun.Result again = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
                // then
                assertEquals(0, again.exit(), "cut " + cut + ": " + again.all());
                assertEquals(
                        reference, CrashMatrixIT.destination(cloud), "cut " + cut + ": the uninterrupted end state");
                if (child || cut % 50 == 0) {
                    assertTrue(cloud.run("plan", "-f", "spec.yaml").out().contains("No changes."), "cut " + cut);
                }
            }
            System.out.println("torn journal matrix: " + tried + " tears");
        }
    }

    private void clearFiles() throws java.io.IOException {
        for (String f : FILES) {
            Files.deleteIfExists(dir.resolve(f));
        }
    }

    /** Runs apply as a child, SIGKILLs it right after KMS applied its k-th write; returns its output. */
    private static String killChildAfterWrite(EmulatedCloud cloud, long k, Path log) throws Exception {
        WriteHold hold = WriteHold.from(cloud, k);
        Process p = ChildKmsmig.start(cloud.dir, CrashMatrixIT.ENV, log, "apply", "-f", "spec.yaml", "--auto-approve");
        assertTrue(hold.reached(90, TimeUnit.SECONDS), "write " + k + " reached; log: " + Files.readString(log));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        hold.close();
        String out = Files.readString(log);
        assertFalse(out.contains("CANARY"));
        return out;
    }

    private static int lastRecordStart(byte[] b) {
        for (int i = b.length - 2; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
