package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.world.CreateSecretRequest;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.SecretType;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.emulator.world.WorldDocument;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.emulator.world.WorldLog;
import io.kmsmig.formats.FormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The world's change log: answered writes are appended (not a rewrite of the world), any string survives it, a torn
 * tail from a kill is dropped, damage inside it is refused, and a log already folded into the snapshot is ignored.
 * A "kill" is a copy of the data file and its log taken while the emulator runs: what a killed process leaves.
 */
class WorldLogTest {
    @TempDir
    Path dir;

    private KmsEmulator start(Path data) {
        return KmsEmulator.start(
                EmulatorConfig.ofYaml(SdkHarness.world("basic.yaml")).withDataFile(data));
    }

    private static void create(KmsEmulator emu, String name, String value) {
        emu.world()
                .write(w -> new SecretWrites(w, w.region("cn-hangzhou"))
                        .create(new CreateSecretRequest(
                                name,
                                "v1",
                                value,
                                "text",
                                SecretType.Generic,
                                null,
                                null,
                                null,
                                List.of(),
                                null,
                                null,
                                null,
                                null)));
    }

    private static WorldDocument load(Path data) {
        return WorldFile.loadPersisted(data, new EmulatorClock(Clock.systemUTC()));
    }

    private static String value(WorldDocument doc, String name) {
        return doc.world()
                .read(w -> w.region("cn-hangzhou")
                        .secret(name)
                        .map(Secret::versions)
                        .map(v -> v.get(0).data())
                        .orElse(null));
    }

    /** The data file and its log as a process killed now would leave them, copied to {@code to}. */
    private Path killedCopy(Path data, String to) throws Exception {
        Path copy = Files.createDirectories(dir.resolve(to)).resolve(data.getFileName());
        Files.copy(data, copy, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(WorldLog.fileFor(data), WorldLog.fileFor(copy), StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    @Test
    void answeredWrites_withEveryKindOfCodePoint_areInTheLog_asAscii_andReplayIdentical() throws Exception {
        Path data = dir.resolve("w.json");
        try (KmsEmulator emu = start(data)) {
            byte[] snapshot = Files.readAllBytes(data);
            for (var e : WorldRoundTripTest.awkwardValues().entrySet()) {
                create(emu, "odd/" + e.getKey(), e.getValue());
            }
            assertArrayEquals(snapshot, Files.readAllBytes(data), "the writes did not rewrite the snapshot");
            byte[] log = Files.readAllBytes(WorldLog.fileFor(data));
            for (byte b : log) {
                assertTrue(b == '\n' || b >= 0x20, "the log is ASCII without raw controls; found " + (b & 0xff));
            }
            WorldDocument doc = load(killedCopy(data, "killed"));
            for (var e : WorldRoundTripTest.awkwardValues().entrySet()) {
                assertArrayEquals(
                        e.getValue().toCharArray(),
                        value(doc, "odd/" + e.getKey()).toCharArray(),
                        e.getKey());
            }
        }
    }

    @Test
    void aTornTail_isDropped_theAnsweredWritesBeforeItSurvive_andTheNextStartRepairsTheLog() throws Exception {
        Path data = dir.resolve("w.json");
        Path copy;
        byte[] whole;
        try (KmsEmulator emu = start(data)) {
            create(emu, "a", "CANARY-a");
            create(emu, "b", "CANARY-b");
            copy = killedCopy(data, "killed");
            whole = Files.readAllBytes(WorldLog.fileFor(copy));
        }
        // the kill came in the middle of appending the record of b
        int lastRecord = lastRecordStart(whole);
        Files.write(WorldLog.fileFor(copy), Arrays.copyOf(whole, lastRecord + (whole.length - lastRecord) / 2));

        WorldDocument doc = load(copy);
        assertEquals("CANARY-a", value(doc, "a"));
        assertEquals(null, value(doc, "b"), "b's write was never answered");
        assertTrue(doc.replay().tornBytes() > 0, doc.replay().toString());

        try (KmsEmulator again = start(copy)) {
            assertEquals(1, again.compactions(), "the start folded the log into a new snapshot");
            assertTrue(Files.size(WorldLog.fileFor(copy)) < 100, "the torn tail is gone: only the new log's header");
            create(again, "c", "CANARY-c");
        }
        WorldDocument after = load(copy);
        assertEquals("CANARY-a", value(after, "a"));
        assertEquals("CANARY-c", value(after, "c"));
    }

    @Test
    void damageFollowedByWholeRecords_isCorruption_notATornTail() throws Exception {
        Path data = dir.resolve("w.json");
        Path copy;
        try (KmsEmulator emu = start(data)) {
            create(emu, "a", "CANARY-a");
            create(emu, "b", "CANARY-b");
            copy = killedCopy(data, "killed");
        }
        byte[] log = Files.readAllBytes(WorldLog.fileFor(copy));
        int a = new String(log, StandardCharsets.US_ASCII).indexOf("CANARY-a");
        log[a] = 'X'; // bit rot inside the record of a, which the record of b follows
        Files.write(WorldLog.fileFor(copy), log);

        FormatException e = assertThrows(FormatException.class, () -> load(copy));
        String message = e.problems().get(0).message();
        assertTrue(message.contains("checksum mismatch") && message.contains("not a torn write"), message);
        assertTrue(message.contains("kmsmig sandbox reset"), message);
        assertFalse(message.contains("CANARY"), "no value in the message: " + message);
    }

    @Test
    void damageInTheHeader_followedByWholeRecords_isCorruption_notAStaleLogToIgnore() throws Exception {
        Path data = dir.resolve("w.json");
        Path copy;
        try (KmsEmulator emu = start(data)) {
            create(emu, "a", "CANARY-a");
            create(emu, "b", "CANARY-b");
            copy = killedCopy(data, "killed");
        }
        byte[] log = Files.readAllBytes(WorldLog.fileFor(copy));
        int epoch = new String(log, StandardCharsets.US_ASCII).indexOf("logEpoch");
        log[epoch] = 'X'; // bit rot in the header record; the answered writes of a and b follow it
        Files.write(WorldLog.fileFor(copy), log);

        // ignoring the log as stale would silently lose a and b
        FormatException e = assertThrows(FormatException.class, () -> load(copy));
        String message = e.problems().get(0).message();
        assertTrue(message.contains("damaged at byte 0") && message.contains("not a torn write"), message);
        assertTrue(message.contains("kmsmig sandbox reset"), message);
        assertFalse(message.contains("CANARY"), "no value in the message: " + message);
    }

    @Test
    void aLogAlreadyFoldedIntoTheSnapshot_isIgnored_soNothingIsReplayedTwice() throws Exception {
        Path data = dir.resolve("w.json");
        Path oldLog = dir.resolve("old.log");
        try (KmsEmulator emu = start(data)) {
            SdkHarness.Client sh = SdkHarness.client(emu, "cn-shanghai");
            sh.call(SecretApiSdkTest.create("evented", "v1", "CANARY-e"));
            sh.call(SecretApiSdkTest.create(
                    "evented-2", "v1", "CANARY-e2")); // its append carries the first call's event
            Files.copy(WorldLog.fileFor(data), oldLog);
            assertTrue(Files.readString(oldLog).contains("\"event\""), "the old log holds an event");
        }
        // the close wrote a new snapshot; a crash before the log was started over would leave the old log beside it
        int events = load(data).events().size();
        Files.copy(oldLog, WorldLog.fileFor(data), StandardCopyOption.REPLACE_EXISTING);

        WorldDocument doc = load(data);
        assertTrue(doc.replay().stale(), doc.replay().toString());
        assertEquals(events, doc.events().size(), "no event twice");
        assertTrue(events > 0, "the CreateSecret call was recorded");
        assertTrue(
                doc.world()
                        .<Boolean>read(
                                w -> w.region("cn-shanghai").secret("evented").isPresent()),
                "evented");
    }

    private static int lastRecordStart(byte[] log) {
        int i = log.length - 2;
        while (log[i] != '\n') {
            i--;
        }
        return i + 1;
    }
}
