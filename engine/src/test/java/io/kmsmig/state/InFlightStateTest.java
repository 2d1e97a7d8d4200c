package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import io.kmsmig.plan.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-flight action is typed in memory and its KMS API name on disk: a state keeps the same string it always had,
 * reads back as the same write, and a name no apply writes is refused with the field it is in.
 */
class InFlightStateTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private SecretState deleting() {
        return TornJournalTest.secret("a", SecretStatus.IN_PROGRESS)
                .withInFlight(
                        new InFlight(2, Action.DELETE_SECRET.inFlight(), null, null, CLOCK.instant()), CLOCK.instant());
    }

    private State state() {
        return new State(
                State.FORMAT_VERSION,
                "0f0e0d0c-0b0a-4908-8706-050403020100",
                1,
                "m",
                "a".repeat(64),
                CLOCK.instant(),
                Map.of("a", deleting()),
                null);
    }

    @Test
    void anInFlightDeletion_isWrittenAsItsApiName_andReadBackAsTheSameWrite() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        store.compact(state());
        String text = Files.readString(store.file(), StandardCharsets.UTF_8);
        assertTrue(text.replace(" ", "").contains("\"action\":\"DeleteSecret\""), text);
        InFlight read = store.load("m").secret("a").orElseThrow().inFlight();
        assertEquals(InFlight.Write.DELETE_SECRET, read.action());
        assertEquals("DeleteSecret", store.load("m").secret("a").orElseThrow().lastAction());
    }

    @Test
    void everyPlannedWrite_hasAnInFlightRecordOfTheSameApiName() {
        for (Action a : Action.values()) {
            if (a.writes()) {
                assertEquals(a.api(), a.inFlight().api(), a.name());
            }
        }
        assertThrows(IllegalStateException.class, Action.MANUAL::inFlight);
    }

    @Test
    void anInFlightActionNoApplyWrites_isRefusedWithItsField() throws IOException {
        StateStore store = new StateStore(dir.resolve("state.json"), CLOCK);
        store.compact(state());
        String text = Files.readString(store.file(), StandardCharsets.UTF_8);
        Files.writeString(store.file(), text.replace("\"DeleteSecret\"", "\"DeleteSecrets\""), StandardCharsets.UTF_8);
        KmsmigException e = assertThrows(KmsmigException.class, () -> store.load("m"));
        assertTrue(e.getMessage().contains("action"), e.getMessage());
    }
}
