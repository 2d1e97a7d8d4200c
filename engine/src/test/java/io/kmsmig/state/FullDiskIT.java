package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk, made with a file size limit ({@code ulimit -f}) on a child JVM: there a write that crosses the limit
 * writes only what fits and returns normally, as write(2) does on a full disk, and the next write fails. kmsmig must
 * take neither a torn record for a synced one nor a truncated snapshot for the state: a record that {@code record}
 * acknowledged reads back, and a compaction that did not fit fails with the journal intact.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FullDiskIT {
    @TempDir
    Path dir;

    @Test
    void aDiskFullMidRecord_failsThatRecord_andEveryAcknowledgedRecordReadsBack() throws Exception {
        // given: a disk that fills 8 KB into the journal
        // when: secrets are recorded, each synced, until the disk is full
        Child c = child(8, "journal");
        // then: the recording failed, and every record acknowledged before is in the state
        assertTrue(c.out.contains("FAILED"), c.out);
        List<String> acked = new ArrayList<>();
        c.out.lines().filter(l -> l.startsWith("ACK ")).forEach(l -> acked.add(l.substring(4)));
        assertTrue(acked.size() > 3, c.out);
        StateStore.Loaded read = new StateStore(dir.resolve("state.json"), Clock.systemUTC()).read("m");
        for (String name : acked) {
            assertTrue(
                    read.state().secrets().containsKey(name),
                    name + " was acknowledged as written, but the state " + "does not have it (" + read.warnings()
                            + ")");
        }
    }

    @Test
    void aDiskFullMidSnapshot_failsTheCompaction_andTheStateStillReadsWhole() throws Exception {
        // given: a state of 10 secrets, and a journal of 30 more
        StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
        Journal first = store.openJournal(State.empty("m"), "a".repeat(64));
        for (int i = 0; i < 10; i++) {
            first.record(TornJournalTest.secret("s" + i, SecretStatus.MIGRATED), true);
        }
        first.compact();
        Journal second = store.openJournal(store.load("m"), "a".repeat(64));
        for (int i = 10; i < 40; i++) {
            second.record(TornJournalTest.secret("s" + i, SecretStatus.MIGRATED), true);
        }
        second.close();
        long biggest = Math.max(Files.size(store.file()), Files.size(store.journalFile()));
        int limitKb = (int) (biggest / 1024) + 2;
        byte[] journal = Files.readAllBytes(store.journalFile());
        assertTrue(
                store.load("m").secrets().size() == 40 && 40 * Files.size(store.file()) / 10 > limitKb * 1024L,
                "the new snapshot must exceed the limit");
        // when: the snapshot is written on a disk that fills before its end
        Child c = child(limitKb, "compact");
        // then: the compaction failed, the journal still holds its records (and the child's session start), and the
        // state reads whole
        assertTrue(c.out.contains("FAILED") && c.out.contains("still holds every change"), c.out);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of(),
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".tmp"))
                            .toList());
        }
        byte[] after = Files.readAllBytes(store.journalFile());
        assertTrue(
                after.length >= journal.length
                        && java.util.Arrays.equals(journal, java.util.Arrays.copyOf(after, journal.length)),
                "the journal lost records");
        assertEquals(40, store.load("m").secrets().size());
    }

    private record Child(int exit, String out) {}

    private Child child(int limitKb, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child-" + mode + ".log");
        Process p = new ProcessBuilder(
                        "bash",
                        "-c",
                        "ulimit -f " + limitKb + " && exec \"$@\"",
                        "bash",
                        java,
                        "-XX:-UsePerfData",
                        "-Xshare:auto",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        FullDiskChild.class.getName(),
                        mode,
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child did not finish: " + Files.readString(log));
        }
        return new Child(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
