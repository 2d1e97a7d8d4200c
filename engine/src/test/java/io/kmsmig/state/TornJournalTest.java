package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import io.kmsmig.support.MemoryTempDir;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal as crashes leave it, written by the real {@link Journal}: a record cut short at any byte, then another
 * apply killed after writing more; damage inside one apply's records; a journal in the unframed format 1.
 */
class TornJournalTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String SHA = "a".repeat(64);

    /** In memory: every offset's open, record and close fsyncs, and those syncs were most of this class's time. */
    @TempDir(factory = MemoryTempDir.class)
    Path dir;

    static SecretState secret(String name, SecretStatus status) {
        return SecretState.builder()
                .sourceRegion("cn-hangzhou")
                .sourceName(name)
                .sourceArn("acs:kms:cn-hangzhou:1:secret/" + name)
                .destinationRegion("cn-shanghai")
                .destinationName(name)
                .type("Generic")
                .disposition("recreate")
                .versions(List.of(new MigratedVersion("v1", CLOCK.instant(), CLOCK.instant())))
                .stages(Map.of("v1", "ACSCurrent"))
                .status(status)
                .lastAction("PutSecretValue")
                .updatedAt(CLOCK.instant())
                .build();
    }

    /** A first apply that recorded a and b, and was killed (no compaction): returns the journal's bytes. */
    private byte[] firstApply(StateStore store) throws IOException {
        Journal j = store.openJournal(State.empty("m"), SHA);
        j.record(secret("a", SecretStatus.MIGRATED), true);
        j.record(secret("b", SecretStatus.MIGRATED), true);
        j.close();
        return Files.readAllBytes(store.journalFile());
    }

    @Test
    void aRecordCutShort_thenAnotherKilledApply_readsEveryCompleteRecord_andNeedsNoRepair() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        byte[] full = firstApply(store);
        int lastStart = lastRecordStart(full);
        for (int cut : cuts(lastStart, full.length)) {
            // given: the record of b cut at byte `cut` (disk full, or kill -9 mid-write)
            Files.write(store.journalFile(), Arrays.copyOf(full, cut));
            // when: the next apply starts from what it reads, records c, and is killed too
            State read = store.load("m");
            Journal next = store.openJournal(read, SHA);
            next.record(secret("c", SecretStatus.IN_PROGRESS), false);
            next.close();
            // then: every command reads a, c, and b as it was before the torn record (absent), and says what was lost
            StateStore.Loaded loaded = store.read("m");
            assertEquals(
                    List.of("a", "c"),
                    loaded.state().secrets().keySet().stream().sorted().toList(),
                    "cut at " + cut);
            assertEquals(
                    SecretStatus.IN_PROGRESS,
                    loaded.state().secret("c").orElseThrow().status());
            assertTrue(loaded.warnings().isEmpty(), "the next journal open repaired the tail: " + loaded.warnings());
            Files.delete(store.journalFile());
        }
    }

    @Test
    void aTornRecordLeftMidFileByAnOlderKmsmig_isSkippedWithAWarningNamingTheSecret_andRepaired() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        byte[] full = firstApply(store);
        int lastStart = lastRecordStart(full);
        for (int cut : cuts(lastStart, full.length - 1)) { // (full.length - 1 plus a newline is the whole record)
            // given: what kmsmig before framing left: the torn record, a newline, then the next (killed) apply's
            // records
            Files.write(store.journalFile(), Arrays.copyOf(full, cut));
            Files.write(
                    store.journalFile(),
                    "\n".getBytes(StandardCharsets.UTF_8),
                    java.nio.file.StandardOpenOption.APPEND);
            Path next = nextSession(store.load("m").lineage());
            Files.write(store.journalFile(), Files.readAllBytes(next), java.nio.file.StandardOpenOption.APPEND);
            Files.delete(next);
            // when
            StateStore.Loaded loaded = store.read("m");
            // then
            assertEquals(
                    List.of("a", "c"),
                    loaded.state().secrets().keySet().stream().sorted().toList(),
                    "cut at " + cut);
            assertEquals(1, loaded.warnings().size(), "cut at " + cut);
            String w = loaded.warnings().get(0);
            assertTrue(w.contains("cut short by a crash") && w.contains("line 3"), w);
            int named = indexOf(full, "\"source_name\":\"b\"", lastStart) + "\"source_name\":\"b\"".length();
            if (cut >= named) {
                assertTrue(w.contains("the record of secret b being written"), w);
            }
            // and the next command holding the lock drops it, keeping the bytes aside
            assertEquals(1, store.repair(false).dropped().size());
            assertTrue(store.read("m").warnings().isEmpty());
            assertEquals(loaded.state().secrets(), store.read("m").state().secrets());
            assertTrue(Files.size(store.damagedFile()) > 0);
            Files.delete(store.journalFile());
        }
    }

    @Test
    void aDamagedRecordFollowedByItsOwnApplysRecords_stopsWithTheRepairCommand_andRepairKeepsTheRest()
            throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK, "spec.yaml");
        byte[] full = firstApply(store);
        // given: one byte of a's record flipped (bit rot), b's record after it intact
        int aStart = lastRecordStart(Arrays.copyOf(full, lastRecordStart(full)));
        full[aStart + 60] ^= 0x01;
        Files.write(store.journalFile(), full);
        // when
        KmsmigException e = assertThrows(KmsmigException.class, () -> store.load("m"));
        // then: the exact command, no path that does not exist, and never "delete the journal"
        assertTrue(e.getMessage().contains("kmsmig state repair -f spec.yaml"), e.getMessage());
        assertTrue(
                e.getMessage().contains("checksum mismatch") && e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("the state before this apply is in"), e.getMessage());
        assertFalse(
                Files.exists(store.file()) || e.getMessage().contains(store.file() + " was written"), e.getMessage());
        assertThrows(KmsmigException.class, () -> store.repair(false), "only state repair drops a corrupt record");
        StateStore.Repair r = store.repair(true);
        assertEquals(1, r.dropped().size());
        assertEquals(List.of("b"), List.copyOf(store.load("m").secrets().keySet()));
    }

    @Test
    void aWholeRecordWithAWrongChecksumBeforeAnotherApply_isCorruption_notATear() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK, "spec.yaml");
        byte[] first = firstApply(store);
        Path next = nextSession(store.load("m").lineage());
        first[lastRecordStart(first) + 60] ^= 0x01; // b's record rotted after it was written whole
        Files.write(store.journalFile(), first);
        Files.write(store.journalFile(), Files.readAllBytes(next), java.nio.file.StandardOpenOption.APPEND);
        KmsmigException e = assertThrows(KmsmigException.class, () -> store.load("m"));
        assertTrue(
                e.getMessage().contains("kmsmig state repair -f spec.yaml")
                        && e.getMessage().contains("line 3"),
                e.getMessage());
    }

    /** The journal bytes of a later apply's session on lineage {@code lineage} (recording c), in a file of their own. */
    private Path nextSession(String lineage) throws IOException {
        StateStore other = new StateStore(dir.resolve("other.json"), CLOCK);
        Journal j = other.openJournal(new State(1, lineage, 10, "m", SHA, CLOCK.instant(), Map.of(), null), SHA);
        j.record(secret("c", SecretStatus.MIGRATED), false);
        j.close();
        return other.journalFile();
    }

    @Test
    void aJournalInTheUnframedFormat1_isStillRead_andItsTornTailSkipped() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        String a = "{\"lineage\":\"L\",\"serial\":1,\"spec_sha256\":\"" + SHA + "\"}\n"
                + "{\"lineage\":\"L\",\"serial\":2,\"secret\":" + StateCodec.secret(secret("a", SecretStatus.MIGRATED))
                + "}\n"
                + "{\"lineage\":\"L\",\"serial\":3,\"secret\":{\"source_region\":\"cn-hangzhou\",\"source_name\":\"b\",\"sou";
        Files.writeString(store.journalFile(), a);
        StateStore.Loaded loaded = store.read("m");
        assertEquals(List.of("a"), List.copyOf(loaded.state().secrets().keySet()));
        assertEquals(2, loaded.state().serial());
        assertTrue(
                loaded.warnings().get(0).contains("the record of secret b being written"),
                loaded.warnings().toString());
    }

    private static int indexOf(byte[] b, String s, int from) {
        return new String(b, StandardCharsets.ISO_8859_1).indexOf(s, from);
    }

    @Test
    void aRecordCutJustBeforeItsNewline_saysSo_ratherThanThatAllItsBytesFollow() throws IOException {
        // given: the last record complete but for its newline
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        byte[] full = firstApply(store);
        Files.write(store.journalFile(), Arrays.copyOf(full, full.length - 1));
        // when
        List<String> warnings = store.read("m").warnings();
        // then: the reason says what is missing ("announces 683 bytes, 683 follow" read as a contradiction)
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("are there but not the newline that ends it"), warnings.get(0));
    }

    @Test
    void aDamagedFilePlantedAsALink_isNeverAppendedThrough_andTheJournalIsUnchanged() throws IOException {
        // given: a torn tail whose bytes someone chose, and <state>.journal.damaged planted as a link to a user's file
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        byte[] torn = Arrays.copyOf(firstApply(store), lastRecordStart(Files.readAllBytes(store.journalFile())) + 20);
        Files.write(store.journalFile(), torn);
        Path victim = Files.writeString(dir.resolve("profile.sh"), "export A=1\n");
        Files.createSymbolicLink(store.damagedFile(), victim);
        // when: the next command holding the lock repairs the tail
        KmsmigException e = assertThrows(KmsmigException.class, () -> store.repair(false));
        // then: refused with the way out; the link's target and the journal are as they were
        assertTrue(
                e.getMessage().contains("is a symbolic link") && e.getMessage().contains("rm " + store.damagedFile()),
                e.getMessage());
        assertEquals("export A=1\n", Files.readString(victim));
        assertTrue(Arrays.equals(torn, Files.readAllBytes(store.journalFile())));
    }

    /** Cut points in the record [start, end): every byte offset. */
    private static int[] cuts(int start, int end) {
        return IntStream.range(start + 1, end).toArray();
    }

    /** Where the last record starts: after the last newline but the final one. */
    private static int lastRecordStart(byte[] b) {
        for (int i = b.length - 2; i >= 0; i--) {
            if (b[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
