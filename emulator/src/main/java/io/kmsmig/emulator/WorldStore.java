package io.kmsmig.emulator;

import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.GroupCommit;
import io.kmsmig.emulator.world.World;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.emulator.world.WorldLog;
import io.kmsmig.emulator.world.WorldSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Keeps a persisted world durable: a snapshot (the data file) and a change log beside it ({@link WorldLog}). Each
 * answered write appends the secrets it changed, the ActionTrail events recorded since, and the settings if they
 * changed, fsynced before the answer (a group commit: writes that wait meanwhile share one append and one fsync).
 * The snapshot is rewritten, and the log started over, when the log outgrows it, when a write replaced every
 * secret, and at close. Only the holder of the {@link io.kmsmig.emulator.world.WorldLock} touches either file.
 */
final class WorldStore {
    /** The log is folded into a new snapshot once it is larger than this and than the snapshot. */
    static final long MIN_COMPACTION_BYTES = 16L << 20;

    private final Path file;
    private final long minCompactionBytes;
    private final World world;
    private final Faults faults;
    private final AuditLog audit;
    private final GroupCommit<Batch> commit;
    private WorldLog log;
    private long epoch;
    private long eventMark;
    private JsonNode settings;
    private long snapshotBytes;
    private long compactions;

    /** The changes of one group commit: records to append, or {@code whole} when only a snapshot records them. */
    private record Batch(List<byte[]> records, boolean whole) {}

    WorldStore(Path file, World world, Faults faults, AuditLog audit) {
        this(file, world, faults, audit, MIN_COMPACTION_BYTES);
    }

    /** With another compaction floor (tests). */
    WorldStore(Path file, World world, Faults faults, AuditLog audit, long minCompactionBytes) {
        this.file = file;
        this.minCompactionBytes = minCompactionBytes;
        this.world = world;
        this.faults = faults;
        this.audit = audit;
        this.commit = new GroupCommit<>(world, this::changes, this::store);
    }

    /**
     * Starts persisting the world loaded from the snapshot of {@code epoch}: continues its log when the world is
     * exactly that snapshot ({@code current}), else (a seed, a replayed log, a dropped torn tail) writes a new one.
     */
    void open(long epoch, boolean current) {
        commit.exclusively(() -> {
            this.epoch = epoch;
            if (current) {
                world.read(w -> {
                    w.drainChanges();
                    settings = WorldFile.settingsJson(w, faults.config().toJson());
                    eventMark = audit.added();
                    return null;
                });
                snapshotBytes = size(file);
                log = WorldLog.reset(WorldLog.fileFor(file), epoch);
            } else {
                compact();
            }
        });
        world.onWrite(commit);
    }

    /** Under the world's read lock, in the group commit: what changed since the last store. */
    private Batch changes(World w) {
        Map<String, Set<String>> touched = w.drainChanges();
        if (touched == null) {
            return new Batch(List.of(), true);
        }
        List<byte[]> records = new ArrayList<>(WorldLog.secretRecords(w, touched));
        AuditLog.Tail tail = audit.since(eventMark);
        for (AuditEvent e : tail.events()) {
            records.add(WorldLog.eventRecord(AuditLog.persisted(e)));
        }
        eventMark = tail.mark();
        JsonNode now = WorldFile.settingsJson(w, faults.config().toJson());
        if (!now.equals(settings)) {
            records.add(WorldLog.settingsRecord(now));
            settings = now;
        }
        return new Batch(records, false);
    }

    private void store(Batch b) {
        if (b.whole()) {
            compact();
            return;
        }
        log.append(b.records());
        if (log.size() > Math.max(minCompactionBytes, snapshotBytes)) {
            compact();
        }
    }

    /** Writes a new snapshot of everything and starts a new, empty log after it. Call in the group commit. */
    private void compact() {
        long next = epoch + 1;
        WorldSnapshot<AuditEvent> snap = world.read(w -> {
            w.drainChanges();
            AuditLog.Tail held = audit.held();
            eventMark = held.mark();
            settings = WorldFile.settingsJson(w, faults.config().toJson());
            return WorldSnapshot.take(w, faults.config().toJson(), held.events(), AuditLog::persisted, next);
        });
        snap.write(file);
        snapshotBytes = size(file);
        if (log != null) {
            log.close();
        }
        // The snapshot of epoch next is in place: the old log (epoch next - 1) is ignored from here on, even if a
        // crash stops us before it is replaced.
        log = WorldLog.reset(WorldLog.fileFor(file), next);
        epoch = next;
        compactions++;
    }

    /** Folds the log into a new snapshot (at close) and closes the log. */
    void close() {
        commit.exclusively(() -> {
            compact();
            log.close();
        });
    }

    long stores() {
        return commit.stores();
    }

    long compactions() {
        return compactions;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
