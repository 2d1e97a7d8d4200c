package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state lock in one process: what a held, released, empty or garbage lock file means, and how waiters back off. */
class StateLockTest {
    @TempDir
    Path dir;

    /** A clock the sleeper moves forward: waiting costs no real time. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aWaiterBacksOffExponentiallyUpToTheCap_withJitter_andThenNamesTheHolder() {
        Path state = dir.resolve("state.json");
        FakeClock clock = new FakeClock();
        List<Duration> sleeps = new ArrayList<>();
        List<String> told = new ArrayList<>();
        try (StateLock held = StateLock.acquire(state, "apply", "1.2.3", Duration.ZERO, clock)) {
            Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), new SplittableRandom(7));
            KmsmigException e = assertThrows(
                    KmsmigException.class,
                    () -> StateLock.acquire(
                            state,
                            "verify",
                            "1.2.3",
                            Duration.ofMinutes(5),
                            clock,
                            backoff,
                            d -> {
                                sleeps.add(d);
                                clock.now = clock.now.plus(d);
                            },
                            told::add));
            assertTrue(
                    e.getMessage()
                                    .contains("The state is locked by apply by pid "
                                            + ProcessHandle.current().pid())
                            && e.getMessage().contains("kmsmig 1.2.3, lock id " + held.id()),
                    e.getMessage());
        }
        assertEquals(1, told.size(), "the wait is announced once: " + told);
        assertTrue(told.get(0).startsWith("Waiting for the state lock, held by apply by pid "), told.get(0));
        // 5 minutes of waiting in a few dozen tries, not 1,500 polls of 200 ms
        assertTrue(sleeps.size() < 60, sleeps.size() + " tries");
        assertTrue(sleeps.get(0).toMillis() >= 125 && sleeps.get(0).toMillis() <= 250, sleeps.toString());
        assertTrue(sleeps.get(4).toMillis() >= 2_000, "doubling: " + sleeps);
        assertTrue(sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(10)) <= 0), "capped: " + sleeps);
        assertTrue(sleeps.subList(6, 20).stream().distinct().count() > 1, "jittered: " + sleeps);
        assertEquals(
                Duration.ofMinutes(5),
                sleeps.stream().reduce(Duration.ZERO, Duration::plus),
                "the last sleep ends at the deadline");
    }

    @Test
    void aReleasedLock_isTakenAgain_andItsFileNoLongerNamesAHolder() throws Exception {
        Path state = dir.resolve("state.json");
        StateLock first = StateLock.acquire(state, "apply", "1", Duration.ZERO, Clock.systemUTC());
        assertTrue(Files.readString(StateLock.fileFor(state)).contains(first.id()), "the holder's JSON, for messages");
        first.close();
        assertEquals(0, Files.size(StateLock.fileFor(state)));
        try (StateLock second = StateLock.acquire(state, "apply", "1", Duration.ZERO, Clock.systemUTC())) {
            assertTrue(Files.readString(StateLock.fileFor(state)).contains(second.id()));
        }
    }

    @Test
    void anEmptyGarbageOrDeadHoldersLockFile_isSimplyTaken_sinceNoProcessHoldsTheOsLock() throws Exception {
        Path state = dir.resolve("state.json");
        for (String content : new String[] {
            "",
            "{\"id\":",
            "\u0000\u0000\u0000",
            "{\"id\":\"x\",\"pid\":999999999,\"host\":\"elsewhere\",\"operation\":\"apply\",\"started\":\"2026-01-01T00:00:00Z\"}"
        }) {
            Files.writeString(StateLock.fileFor(state), content);
            try (StateLock l = StateLock.acquire(state, "apply", "1", Duration.ZERO, Clock.systemUTC())) {
                assertTrue(Files.readString(StateLock.fileFor(state)).contains(l.id()), content);
            }
        }
    }

    @Test
    void forceUnlock_neverTakesALockFromALiveHolder_andHasNothingToDoOnceItsProcessEnded() throws Exception {
        Path state = dir.resolve("state.json");
        try (StateLock held = StateLock.acquire(state, "apply", "1", Duration.ZERO, Clock.systemUTC())) {
            KmsmigException e = assertThrows(KmsmigException.class, () -> StateLock.forceUnlock(state, held.id()));
            assertTrue(e.getMessage().contains("held by apply by pid"), e.getMessage());
        }
        Files.writeString(
                StateLock.fileFor(state),
                "{\"id\":\"gone\",\"pid\":999999999,\"host\":\"h\",\"operation\":\"apply\","
                        + "\"started\":\"2026-01-01T00:00:00Z\",\"version\":\"1\"}");
        StateLock.Released r = StateLock.forceUnlock(state, "gone");
        assertEquals(false, r.wasHeld());
        assertEquals("apply", r.holder().operation());
        assertEquals(0, Files.size(StateLock.fileFor(state)), "the leftover JSON is cleared");
    }

    @Test
    void aLockFileThatIsASymbolicLink_isRefused_andItsTargetIsUntouched() throws Exception {
        // given: <state>.lock planted as a link to a file of the user's
        Path state = dir.resolve("state.json");
        Path victim = dir.resolve("notes.txt");
        Files.writeString(victim, "the user's notes");
        Files.createSymbolicLink(StateLock.fileFor(state), victim);
        // when: a command takes the lock
        KmsmigException e = assertThrows(
                KmsmigException.class,
                () -> StateLock.acquire(state, "apply", "1.2.3", Duration.ZERO, Clock.systemUTC()));
        // then: refused, naming the link and the way out, and the target is as it was
        assertTrue(
                e.getMessage().contains(StateLock.fileFor(state).toString() + " is a symbolic link")
                        && e.getMessage().contains("rm " + StateLock.fileFor(state)),
                e.getMessage());
        assertEquals("the user's notes", Files.readString(victim));
        // and: force-unlock does not write through it either
        assertThrows(KmsmigException.class, () -> StateLock.forceUnlock(state, "x"));
        assertEquals("the user's notes", Files.readString(victim));
    }
}
