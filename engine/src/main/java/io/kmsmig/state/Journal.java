package io.kmsmig.state;

/**
 * One session's changes to a state, recorded as they happen and folded into the state at the end. Each record
 * bumps the serial of the state it was opened on (its lineage is fixed; a state that did not exist gets one when
 * the journal opens). A record written with {@code sync} is durable before the call returns: apply records an
 * intent that way before each KMS write, so a crash at any instant loses nothing. Thread-safe.
 *
 * <p>A {@link StateBackend} opens it; the file backend appends framed records to {@code <state>.journal}
 * ({@link FileJournal}).
 */
public interface Journal extends AutoCloseable {
    /** Records one secret's new state; with {@code sync}, returns once it is durable. Returns {@code s}. */
    SecretState record(SecretState s, boolean sync);

    /** Records the apply of a saved plan (started, or finished), durably. */
    void recordApply(ApplyRecord a);

    /** The last apply recorded, without copying the state. */
    ApplyRecord lastApply();

    /** The state as of the last record. */
    State current();

    /** One secret's record as of the last record, or null. */
    SecretState secret(String sourceName);

    /** Time spent writing and syncing, for the benchmark's persistence share. */
    long persistenceNanos();

    /**
     * Folds the journal into the state (one atomic step: the previous state is kept as the backup), closes, and
     * returns the folded state.
     */
    State compact();

    /** Makes what was recorded durable and releases the journal; the records stay to be folded by the next one. */
    @Override
    void close();
}
