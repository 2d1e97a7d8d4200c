package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local file state: {@code <state>} (snapshot), {@code <state>.journal}, {@code <state>.backup} and the OS lock
 * on {@code <state>.lock}, through {@link StateStore}, {@link FileJournal} and {@link StateLock}.
 */
public final class FileStateBackend implements StateBackend {
    private final StateStore store;
    private final String specName;
    private final Clock clock;
    private final String version;

    /**
     * @param file     the state file
     * @param specName the migration whose spec points at the file
     * @param clock    the clock (lock times, fold times)
     * @param specArg  the spec as the user gave it, so the commands messages print run as they are
     * @param version  this kmsmig's version, recorded in the lock for whoever waits on it
     */
    public FileStateBackend(Path file, String specName, Clock clock, String specArg, String version) {
        this.store = new StateStore(file, clock, specArg);
        this.specName = specName;
        this.clock = clock;
        this.version = version;
    }

    /** The store underneath, for the files it keeps (which no output option may overwrite). */
    public StateStore store() {
        return store;
    }

    @Override
    public Lock lock(String operation, Duration timeout, Consumer<String> waiting) {
        return StateLock.acquire(
                store.file(), operation, version, timeout, clock, Backoff.DEFAULT, StateLock.Sleeper.SYSTEM, waiting);
    }

    @Override
    public StateStore.Loaded read(String specName) {
        return store.read(specName);
    }

    @Override
    public void dropTornRecords() {
        store.repair(false);
    }

    @Override
    public Repair repair() {
        return new Repair(
                store.journalFile().toString(),
                store.damagedFile().toString(),
                store.repair(true).dropped());
    }

    /**
     * Refuses a {@code base} the stored state moved on from (another lineage, or another serial: a writer that read
     * before someone else wrote), as the PostgreSQL backend does; the lock makes that rare, this makes it safe.
     */
    @Override
    public Journal openJournal(State base, String specSha256) {
        State now = store.read(base.specName()).state();
        if (!Objects.equals(now.lineage(), base.lineage()) || now.serial() != base.serial()) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "The state " + store.file() + " changed since it was "
                            + "read:\n  read:   lineage " + base.lineage() + ", serial " + base.serial()
                            + "\n  stored: lineage "
                            + now.lineage() + ", serial " + now.serial()
                            + "\nAnother command wrote it. Nothing was written "
                            + "by this one; run the command again.");
        }
        return store.openJournal(base, specSha256);
    }

    @Override
    public Optional<State> backup() {
        if (!Files.isRegularFile(store.backupFile())) {
            return Optional.empty();
        }
        return Optional.of(new StateStore(store.backupFile(), clock).read(null).state());
    }

    /** Writes {@code state} as the state file, the previous one kept as the backup, the journal removed. */
    @Override
    public void replace(State state) {
        store.compact(state);
    }

    /**
     * The one migration the file holds: the snapshot names it; before the first fold only the journal exists, and it
     * is this spec's.
     */
    @Override
    public List<String> list() {
        if (Files.exists(store.file())) {
            return List.of(store.read(null).state().specName());
        }
        return Files.exists(store.journalFile()) ? List.of(specName) : List.of();
    }

    @Override
    public StateLock.Released forceUnlock(String lockId) {
        return StateLock.forceUnlock(store.file(), lockId);
    }

    @Override
    public Map<String, Path> localFiles() {
        Map<String, Path> own = new LinkedHashMap<>();
        own.put("the state file", store.file());
        own.put("the state's journal", store.journalFile());
        own.put("the state's backup", store.backupFile());
        own.put("the state lock", StateLock.fileFor(store.file()));
        return own;
    }

    @Override
    public List<Path> reset() {
        List<Path> removed = new ArrayList<>();
        for (Path p : List.of(store.journalFile(), store.file(), store.backupFile(), store.damagedFile())) {
            try {
                if (Files.deleteIfExists(p)) {
                    removed.add(p);
                }
            } catch (IOException e) {
                throw new KmsmigException(
                        ErrorCode.STATE_INVALID,
                        "Cannot remove " + p + " (" + e.getClass().getSimpleName()
                                + "): check that this user may delete it, then run the command again."
                                + (removed.isEmpty() ? "" : " Already removed: " + removed + "."),
                        e);
            }
        }
        return removed;
    }
}
