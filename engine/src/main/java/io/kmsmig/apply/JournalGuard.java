package io.kmsmig.apply;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.state.ApplyRecord;
import io.kmsmig.state.InFlight;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The apply's view of its journal, watching for a record that cannot be written (the state database's connection
 * lost, its session terminated, the state lock's session gone, a full disk). On the first such failure the apply
 * stops starting work: the stop flag is set, and from then on no intent is recorded, so no new KMS write starts; the
 * calls already in flight finish, and their "done" records are still tried (they land when only the lock was lost).
 * Each record that did not land is noted by secret and step, never by value, for {@link #stopped()}, and so is each
 * record made without {@code sync} and not followed by a synced one: the journal may have held it back for a commit
 * that never came. Thread-safe.
 */
final class JournalGuard implements Journal {
    /** How many records that did not land the message lists. */
    private static final int SHOWN = 20;

    private final Journal journal;
    private final AtomicBoolean stopping;
    private final AtomicReference<RuntimeException> first = new AtomicReference<>();
    private final Queue<String> notRecorded = new ConcurrentLinkedQueue<>();

    /**
     * Records returned without {@code sync}: a journal may hold them back for its next commit (PostgreSQL's group
     * commit), so until a later synced record returned they may be lost with the connection. Each is numbered.
     */
    private record Unsynced(long seq, String what) {}

    private final AtomicLong recorded = new AtomicLong();
    private final Queue<Unsynced> unsynced = new ConcurrentLinkedQueue<>();

    /** Whether the failure was the fold's (every write was made). */
    private volatile boolean folding;

    JournalGuard(Journal journal, AtomicBoolean stopping) {
        this.journal = journal;
        this.stopping = stopping;
    }

    @Override
    public SecretState record(SecretState s, boolean sync) {
        SecretState before = journal.secret(s.sourceName());
        boolean intent =
                s.inFlight() != null && (before == null || !s.inFlight().equals(before.inFlight()));
        if (intent && first.get() != null) {
            notRecorded.add(describe(s, before, true));
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID, "the apply is stopping: the state could not be recorded", first.get());
        }
        long durableBefore = recorded.get();
        SecretState r;
        try {
            r = journal.record(s, sync);
        } catch (RuntimeException e) {
            failed(e, describe(s, before, intent));
            throw e;
        }
        if (sync) {
            // a synced record is durable with every record made before it (journals write in serial order)
            unsynced.removeIf(u -> u.seq() <= durableBefore);
        } else {
            unsynced.add(new Unsynced(recorded.incrementAndGet(), describe(s, before, false)));
        }
        return r;
    }

    @Override
    public void recordApply(ApplyRecord a) {
        long durableBefore = recorded.get();
        try {
            journal.recordApply(a);
            unsynced.removeIf(u -> u.seq() <= durableBefore); // recorded durably, as a synced record
        } catch (RuntimeException e) {
            failed(
                    e,
                    a.finishedAt() == null
                            ? "the start of this apply (plan " + a.planId() + ")"
                            : "the end of this apply (plan " + a.planId() + "): every secret's own records landed");
            throw e;
        }
    }

    private void failed(RuntimeException e, String what) {
        first.compareAndSet(null, e);
        notRecorded.add(what);
        stopping.set(true);
    }

    /** What a record that did not land leaves undone, by name and step. */
    private static String describe(SecretState s, SecretState before, boolean intent) {
        String secret = "secret '" + s.sourceName() + "'";
        if (intent) {
            return secret + ": " + step(s.inFlight()) + " was not started (its intent could not be recorded first)";
        }
        if (s.status() == SecretStatus.IN_PROGRESS
                && before != null
                && before.inFlight() != null
                && s.inFlight() == null) {
            return secret + ": " + step(before.inFlight()) + " was made in KMS; its completion is not recorded";
        }
        return secret + ": its status " + s.status().wire() + " is not recorded";
    }

    private static String step(InFlight f) {
        return "step " + f.seq() + " " + f.action().api()
                + (f.versionId() == null ? "" : " (version " + f.versionId() + ")")
                + (f.stage() == null ? "" : " (stage " + f.stage() + ")");
    }

    /** Whether a record failed. */
    boolean failed() {
        return first.get() != null;
    }

    /**
     * The apply's failure once it stopped on a record that did not land (call after the calls in flight finished):
     * what happened, what was not recorded, and how to go on.
     */
    KmsmigException stopped() {
        RuntimeException cause = first.get();
        List<String> lines = new ArrayList<>(notRecorded);
        unsynced.forEach(
                u -> lines.add(u.what().replace(" is not recorded", " may not be recorded (it was not synced)")));
        StringBuilder m = new StringBuilder(
                        folding
                                ? "Apply made its writes, but the state could not be folded.\n  "
                                : "Apply stopped: the state could not be recorded.\n  ")
                .append(cause.getMessage().replace("\n", "\n  "))
                .append(
                        folding
                                ? "\nNot recorded in the state ("
                                : "\nNo KMS write was started after that; the calls in flight finished. Not recorded"
                                        + " in the state (")
                .append(lines.size())
                .append("):");
        lines.stream().limit(SHOWN).forEach(l -> m.append("\n  - ").append(l));
        if (lines.size() > SHOWN) {
            m.append("\n  - and ").append(lines.size() - SHOWN).append(" more");
        }
        m.append("\nEvery write made has its intent recorded, and what was recorded is kept. Run the same apply again"
                + " once the state can be written (PostgreSQL: once the server is reachable; the state lock is released"
                + " with this command's session, so no force-unlock is needed): it reconciles these secrets against the"
                + " destination before repeating anything, as after a crash.");
        return new KmsmigException(ErrorCode.STATE_INVALID, m.toString(), cause);
    }

    @Override
    public ApplyRecord lastApply() {
        return journal.lastApply();
    }

    @Override
    public State current() {
        return journal.current();
    }

    @Override
    public SecretState secret(String sourceName) {
        return journal.secret(sourceName);
    }

    @Override
    public long persistenceNanos() {
        return journal.persistenceNanos();
    }

    /**
     * Folds; when the fold fails (its connection lost), throws what may not be recorded: the records not synced before
     * it, which a journal may still have held for the fold's commit.
     */
    @Override
    public State compact() {
        try {
            return journal.compact();
        } catch (RuntimeException e) {
            folding = true;
            failed(e, "the fold of this apply's records into the state (the records committed are kept)");
            throw stopped();
        }
    }

    @Override
    public void close() {
        journal.close();
    }
}
