package io.kmsmig.state;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a migration's state lives, and how it is locked (Terraform's state backend). The operations and the state
 * commands go only through this, so a second backend (issue 14: PostgreSQL) plugs in without touching them. Every
 * backend keeps the same semantics:
 * <ul>
 *   <li>a state has a fixed lineage and a serial bumped on every change ({@link Journal});
 *   <li>a change is recorded in a {@link Journal} as it happens, durably before the KMS call it announces, and folded
 *       into the state at the end; a crash at any instant loses nothing;
 *   <li>the state before the last fold is kept ({@link #backup()});
 *   <li>the lock is held for the whole command and dies with its holder; {@link #forceUnlock} only clears a lock
 *       whose holder is gone.
 * </ul>
 * Issue 14's verbs map to: load ({@link #read}), lock ({@link #lock}), journal ({@link #openJournal}), fold
 * ({@link Journal#compact}), backup ({@link #backup}), list ({@link #list}), force-unlock ({@link #forceUnlock}),
 * the repairs a file needs ({@link #dropTornRecords}, {@link #repair}), and starting over ({@link #reset}).
 * {@link FileStateBackend} is the local file; tests plug in an in-memory one.
 */
public interface StateBackend {
    /** The state lock, held until closed. */
    interface Lock extends AutoCloseable {
        /** The nonce naming this holding (what {@code force-unlock} takes). */
        String id();

        /**
         * Whether this holding still holds the lock, as far as it knows: false once a lock that can be lost under a
         * running command (PostgreSQL's, with its session) was found lost.
         */
        default boolean held() {
            return true;
        }

        @Override
        void close();
    }

    /**
     * What a repair did.
     *
     * @param journal where the journal is, for the user
     * @param keptIn  where the dropped records were set aside, for inspection
     * @param dropped each dropped record, described (names only, never values); empty when nothing needed repair
     */
    record Repair(String journal, String keptIn, List<String> dropped) {
        public Repair {
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * Takes the lock for {@code operation}, or waits up to {@code timeout} for it, telling {@code waiting} once, when
     * it starts to wait, who holds it (a line for the user). Throws {@code STATE_LOCKED} naming the holder when it
     * times out.
     */
    Lock lock(String operation, Duration timeout, Consumer<String> waiting);

    /**
     * Reads the state of migration {@code specName} (empty when there is none yet), skipping the journal records a
     * crash cut short (one warning each). Writes nothing; a damaged record that is not such a tail throws, naming the
     * command that repairs it.
     */
    StateStore.Loaded read(String specName);

    /** Drops from the journal the records a crash cut short ({@link #read} skips them). Call holding the lock. */
    void dropTornRecords();

    /** Drops every unreadable record from the journal, setting them aside. Call holding the lock. */
    Repair repair();

    /** Starts recording changes to {@code base}, which was read holding the lock. */
    Journal openJournal(State base, String specSha256);

    /** The state as it was before the last fold, when one is kept. */
    Optional<State> backup();

    /**
     * The previous snapshots kept, newest first, at most {@code max}: the file keeps one ({@link #backup()}), a
     * database the last few ({@link #historyDepth()}).
     */
    default List<State> history(int max) {
        return max < 1 ? List.of() : backup().map(List::of).orElse(List.of());
    }

    /** How many previous snapshots this backend keeps, for messages ({@code state history}). */
    default int historyDepth() {
        return 1;
    }

    /**
     * Replaces the migration's state with {@code state} as its folded snapshot ({@code state push}/{@code pull}): the
     * journal is folded away, the replaced snapshot kept as the backup or in the history where its serial allows.
     * Call holding the lock, after checking lineage and serial ({@link StateTransfer}).
     */
    default void replace(State state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot take a state pushed to it");
    }

    /**
     * The migrations (spec names) this backend holds a state for, sorted: a state exists once a journal was opened on
     * it (a first apply that was killed before its fold counts). A shared backend holds many; a file holds one.
     */
    List<String> list();

    /** Clears the lock {@code lockId} names, when its holder is gone; never takes a lock a live holder has. */
    StateLock.Released forceUnlock(String lockId);

    /**
     * The local files this backend keeps for the migration, each by what it is (for messages), in a fixed order: no
     * output option may overwrite one. Empty for a backend that keeps none on this machine (a database).
     */
    Map<String, Path> localFiles();

    /**
     * Forgets the migration's state: the snapshot, its journal, its backup and any records a repair set aside, so the
     * next command starts with none ({@code sandbox reset}). Call holding the lock, which stays. Returns the local
     * files it removed, in that order; none for a backend that keeps no local file.
     */
    List<Path> reset();
}
