package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What an apply stopped by a journal that cannot be written says was not recorded: the record that failed, the intents
 * refused after it, and the records a journal may have held back for a commit that never came (PostgreSQL's group
 * commit makes a done row durable only with the next synced record) - never those a later synced record made durable.
 */
class JournalGuardTest {
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    /** A journal that keeps records in memory and fails every record once {@link #broken} is set. */
    private static final class Failing implements Journal {
        final Map<String, SecretState> secrets = new HashMap<>();
        volatile boolean broken;

        @Override
        public SecretState record(SecretState s, boolean sync) {
            if (broken) {
                throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot record: the connection was lost.");
            }
            secrets.put(s.sourceName(), s);
            return s;
        }

        @Override
        public void recordApply(ApplyRecord a) {}

        @Override
        public ApplyRecord lastApply() {
            return null;
        }

        @Override
        public State current() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SecretState secret(String sourceName) {
            return secrets.get(sourceName);
        }

        @Override
        public long persistenceNanos() {
            return 0;
        }

        @Override
        public State compact() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    private static SecretState secret(String name, InFlight f) {
        return SecretState.builder()
                .sourceName(name)
                .destinationName(name)
                .type("Generic")
                .status(SecretStatus.IN_PROGRESS)
                .updatedAt(T)
                .inFlight(f)
                .build();
    }

    private static InFlight step(int seq, InFlight.Write w, String version) {
        return new InFlight(seq, w, version, null, T);
    }

    @Test
    void aFailedRecord_stopsTheApply_andNamesWhatWasNotRecordedOrMayNotBe() {
        Failing j = new Failing();
        AtomicBoolean stopping = new AtomicBoolean();
        JournalGuard g = new JournalGuard(j, stopping);
        // a: its create recorded as done, then a synced intent made that durable
        g.record(secret("a", step(1, InFlight.Write.CREATE_SECRET, "v1")), true);
        g.record(secret("a", null), false);
        g.record(secret("a", step(2, InFlight.Write.PUT_SECRET_VALUE, "v2")), true);
        // b: its create's done row returned, but no synced record followed it
        g.record(secret("b", step(1, InFlight.Write.CREATE_SECRET, "v1")), true);
        g.record(secret("b", null), false);
        assertFalse(g.failed());
        // when the connection is lost: a's put's done row fails, then c's intent is refused
        j.broken = true;
        assertThrows(KmsmigException.class, () -> g.record(secret("a", null), false));
        assertTrue(stopping.get(), "the apply stops starting work");
        KmsmigException refused = assertThrows(
                KmsmigException.class, () -> g.record(secret("c", step(1, InFlight.Write.CREATE_SECRET, "v1")), true));
        assertTrue(refused.getMessage().contains("stopping"), refused.getMessage());
        // then
        KmsmigException e = g.stopped();
        assertEquals(ErrorCode.STATE_INVALID, e.code());
        String m = e.getMessage();
        assertTrue(m.contains("Cannot record: the connection was lost."), m);
        assertTrue(
                m.contains("secret 'a': step 2 PutSecretValue (version v2) was made in KMS; its completion is not"
                        + " recorded"),
                m);
        assertTrue(m.contains("secret 'c': step 1 CreateSecret (version v1) was not started"), m);
        assertTrue(
                m.contains("secret 'b': step 1 CreateSecret (version v1) was made in KMS; its completion may not be"
                        + " recorded"),
                m);
        assertFalse(m.contains("secret 'a': step 1"), "a's create was made durable by a's next intent: " + m);
        assertTrue(m.contains("Not recorded in the state (3)"), m);
    }
}
