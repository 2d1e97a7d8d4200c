package io.kmsmig.state;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory side every {@link Journal} shares: the state folded so far (lineage, serial, secrets, last apply)
 * and the time spent persisting. Subclasses store the records ({@link #record}, {@link #recordApply}) and fold them
 * ({@link #compact}); they update this view under this object's lock.
 */
public abstract class FoldedJournal implements Journal {
    private final Clock clock;
    private final String lineage;
    private final String specName;
    private final String specSha256;

    @GuardedBy("this")
    private final Map<String, SecretState> secrets;

    @GuardedBy("this")
    private long serial;

    @GuardedBy("this")
    private ApplyRecord lastApply;

    private final AtomicLong nanos = new AtomicLong();

    /** Starts from {@code base}; a state never written gets a new lineage. */
    protected FoldedJournal(State base, String specSha256, Clock clock) {
        this.clock = clock;
        this.secrets = new HashMap<>(base.secrets());
        this.lineage = base.exists() ? base.lineage() : UUID.randomUUID().toString();
        this.specName = base.specName();
        this.specSha256 = specSha256;
        this.serial = base.serial();
        this.lastApply = base.lastApply();
    }

    protected final String lineage() {
        return lineage;
    }

    protected final Clock clock() {
        return clock;
    }

    @GuardedBy("this")
    protected final long serial() {
        return serial;
    }

    @GuardedBy("this")
    protected final void serial(long next) {
        serial = next;
    }

    /** Takes {@code s} into the view. */
    @GuardedBy("this")
    protected final void fold(SecretState s) {
        secrets.put(s.sourceName(), s);
    }

    /** Takes {@code a} into the view as the last apply. */
    @GuardedBy("this")
    protected final void fold(ApplyRecord a) {
        lastApply = a;
    }

    /** Counts the time since {@code startNanos} (a {@link System#nanoTime()}) as persisting. */
    protected final void persisted(long startNanos) {
        nanos.addAndGet(System.nanoTime() - startNanos);
    }

    /** The last apply recorded, without copying the state. */
    @Override
    public final synchronized ApplyRecord lastApply() {
        return lastApply;
    }

    @Override
    public final synchronized State current() {
        return new State(
                State.FORMAT_VERSION, lineage, serial, specName, specSha256, clock.instant(), secrets, lastApply);
    }

    @Override
    public final synchronized SecretState secret(String sourceName) {
        return secrets.get(sourceName);
    }

    /** Time spent writing and syncing, for the benchmark's persistence share. */
    @Override
    public final long persistenceNanos() {
        return nanos.get();
    }
}
