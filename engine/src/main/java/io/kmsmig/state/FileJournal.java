package io.kmsmig.state;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The file backend's {@link Journal}: appends state changes to {@code <state>.journal} as framed JSON records
 * ({@link JournalFormat}: length and CRC32C per record), each bumping the serial, so persisting stays linear in the number of actions. A record can be synced before the caller goes on
 * (intents are, before their KMS call). Opening drops torn tails an earlier crash left (the caller holds the state
 * lock), so a new session never starts after garbage. Thread-safe.
 */
final class FileJournal implements Journal {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StateStore store;
    private final Clock clock;
    private final FileChannel channel;
    @GuardedBy("this")
    private final Map<String, SecretState> secrets;
    private final String lineage;
    private final String specName;
    private final String specSha256;
    @GuardedBy("this")
    private long serial;
    @GuardedBy("this")
    private ApplyRecord lastApply;
    private final AtomicLong nanos = new AtomicLong();
    private final Object syncLock = new Object();
    /** Bytes appended so far (guarded by this), and bytes known to be on disk (guarded by syncLock, or this in append). */
    @GuardedBy("this")
    private long written;
    private volatile long synced;

    FileJournal(StateStore store, State base, String specSha256, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.secrets = new HashMap<>(base.secrets());
        this.lineage = base.exists() ? base.lineage() : UUID.randomUUID().toString();
        this.specName = base.specName();
        this.specSha256 = specSha256;
        this.serial = base.serial();
        this.lastApply = base.lastApply();
        try {
            Path j = store.journalFile();
            Files.createDirectories(j.toAbsolutePath().getParent());
            if (!Files.exists(j)) {
                StateStore.create(j);
            }
            store.repair(false); // a record cut short by an earlier crash must not sit before this session's records
            this.channel = FileChannel.open(j, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            this.written = channel.size();
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot open the state journal: " + e.getMessage());
        }
        append(JSON.createObjectNode().put("spec_sha256", specSha256), true);
    }

    /**
     * Records one secret's new state; {@code sync} waits until it is on disk. Returns {@code s}. Syncs are
     * group-committed: threads that wait together share one fsync, so parallel applies do not queue on the disk.
     * Costs one line of JSON, never a copy of the whole state: persisting stays linear in the number of actions.
     */
    @Override
    public SecretState record(SecretState s, boolean sync) {
        long end;
        synchronized (this) {
            secrets.put(s.sourceName(), s);
            end = append(JSON.createObjectNode().set("secret", StateCodec.secret(s)), false);
        }
        if (sync) {
            syncTo(end);
        }
        return s;
    }

    /** Returns once every byte up to {@code position} is on disk; one fsync covers every record written before it. */
    private void syncTo(long position) {
        synchronized (syncLock) {
            if (synced >= position) {
                return;
            }
            long start = System.nanoTime();
            try {
                long upTo;
                synchronized (this) {
                    upTo = written;
                }
                channel.force(false);
                synced = upTo;
            } catch (IOException e) {
                throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot write the state journal: " + e.getMessage());
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        }
    }

    @Override
    public synchronized void recordApply(ApplyRecord a) {
        lastApply = a;
        append(JSON.createObjectNode().set("last_apply", StateCodec.apply(a)), true);
    }

    /** The last apply recorded, without copying the state. */
    @Override
    public synchronized ApplyRecord lastApply() {
        return lastApply;
    }

    @Override
    public synchronized State current() {
        return new State(State.FORMAT_VERSION, lineage, serial, specName, specSha256, clock.instant(), secrets, lastApply);
    }

    @Override
    public synchronized SecretState secret(String sourceName) {
        return secrets.get(sourceName);
    }

    /** Time spent writing and syncing, for the benchmark's persistence share. */
    @Override
    public long persistenceNanos() {
        return nanos.get();
    }

    /** Writes one record (under this object's lock) and returns the journal's length after it. */
    @GuardedBy("this")
    private long append(ObjectNode body, boolean sync) {
        long start = System.nanoTime();
        serial++;
        ObjectNode rec = JSON.createObjectNode().put("lineage", lineage).put("serial", serial);
        rec.setAll(body);
        try {
            byte[] bytes = JournalFormat.frame(JSON.writeValueAsString(rec).getBytes(StandardCharsets.UTF_8));
            StateStore.writeFully(channel, bytes);
            written += bytes.length;
            if (sync) {
                channel.force(false);
                synced = written;
            }
            return written;
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot write the state journal: " + e.getMessage());
        } finally {
            nanos.addAndGet(System.nanoTime() - start);
        }
    }

    /** Folds the journal into the state file and closes. */
    @Override
    public synchronized State compact() {
        long start = System.nanoTime();
        State s = current();
        close();
        store.compact(s);
        nanos.addAndGet(System.nanoTime() - start);
        return s;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel.isOpen()) {
                channel.force(false);
                channel.close();
            }
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot close the state journal: " + e.getMessage());
        }
    }
}
