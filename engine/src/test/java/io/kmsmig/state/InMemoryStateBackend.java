package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A second {@link StateBackend}, in memory, for tests: the same lineage, serial, journal and fold semantics as the
 * file backend, with no file at all. It counts reads, locks and folds so tests can see what an operation did.
 */
public final class InMemoryStateBackend implements StateBackend {
    private final Clock clock;
    private State folded;
    private State previous;
    private String lockHolder;
    /** Records of the open or last journal not folded yet, in order: what a crash would leave. */
    private final List<SecretState> unfolded = new ArrayList<>();

    private String unfoldedLineage;
    private String unfoldedSpecName;
    public final AtomicInteger reads = new AtomicInteger();
    public final AtomicInteger locks = new AtomicInteger();
    public final AtomicInteger folds = new AtomicInteger();

    public InMemoryStateBackend(Clock clock) {
        this.clock = clock;
    }

    /** The state as last folded, or null when nothing was folded yet. */
    public synchronized State folded() {
        return folded;
    }

    /** Whether some operation holds the lock now. */
    public synchronized boolean locked() {
        return lockHolder != null;
    }

    @Override
    public synchronized Lock lock(String operation, Duration timeout, Consumer<String> waiting) {
        locks.incrementAndGet();
        if (lockHolder != null) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, "The state is locked by " + lockHolder + ".");
        }
        String id = UUID.randomUUID().toString();
        lockHolder = operation + " (lock id " + id + ")";
        return new Lock() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public void close() {
                synchronized (InMemoryStateBackend.this) {
                    lockHolder = null;
                }
            }
        };
    }

    @Override
    public synchronized StateStore.Loaded read(String specName) {
        reads.incrementAndGet();
        State base = folded == null ? State.empty(specName) : folded;
        if (unfolded.isEmpty()) {
            return new StateStore.Loaded(base, List.of());
        }
        Map<String, SecretState> secrets = new HashMap<>(base.secrets());
        unfolded.forEach(s -> secrets.put(s.sourceName(), s));
        return new StateStore.Loaded(
                new State(
                        State.FORMAT_VERSION,
                        unfoldedLineage,
                        base.serial() + unfolded.size(),
                        base.specName(),
                        base.specSha256(),
                        clock.instant(),
                        secrets,
                        base.lastApply()),
                List.of());
    }

    @Override
    public void dropTornRecords() {
        // records in memory are never torn
    }

    @Override
    public Repair repair() {
        return new Repair("memory", "memory", List.of());
    }

    @Override
    public synchronized Journal openJournal(State base, String specSha256) {
        unfoldedSpecName = base.specName();
        return new MemoryJournal(base, specSha256);
    }

    @Override
    public synchronized Optional<State> backup() {
        return Optional.ofNullable(previous);
    }

    @Override
    public synchronized List<String> list() {
        String name = folded != null ? folded.specName() : unfoldedSpecName;
        return name == null ? List.of() : List.of(name);
    }

    @Override
    public StateLock.Released forceUnlock(String lockId) {
        return new StateLock.Released(null, false);
    }

    /** Keeps no file. */
    @Override
    public Map<String, Path> localFiles() {
        return Map.of();
    }

    /** Forgets the state, its backup and what no fold took in yet; removes no file (it keeps none). */
    @Override
    public synchronized List<Path> reset() {
        folded = null;
        previous = null;
        unfolded.clear();
        unfoldedLineage = null;
        unfoldedSpecName = null;
        return List.of();
    }

    private synchronized void fold(State s) {
        folds.incrementAndGet();
        previous = folded;
        folded = s;
        unfolded.clear();
    }

    private synchronized void append(String lineage, SecretState s) {
        unfoldedLineage = lineage;
        unfolded.add(s);
    }

    private final class MemoryJournal extends FoldedJournal {
        MemoryJournal(State base, String specSha256) {
            super(base, specSha256, clock);
            serial(base.serial() + 1); // the journal's first record names the spec, as the file's does
        }

        @Override
        public synchronized SecretState record(SecretState s, boolean sync) {
            serial(serial() + 1);
            fold(s);
            append(lineage(), s);
            return s;
        }

        @Override
        public synchronized void recordApply(ApplyRecord a) {
            serial(serial() + 1);
            fold(a);
        }

        @Override
        public synchronized State compact() {
            State s = current();
            InMemoryStateBackend.this.fold(s);
            return s;
        }

        @Override
        public void close() {}
    }
}
