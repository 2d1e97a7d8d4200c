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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The file backend's {@link Journal}: appends state changes to {@code <state>.journal} as framed JSON records
 * ({@link JournalFormat}: length and CRC32C per record), each bumping the serial, so persisting stays linear in the number of actions. A record can be synced before the caller goes on
 * (intents are, before their KMS call). Opening drops torn tails an earlier crash left (the caller holds the state
 * lock), so a new session never starts after garbage. Thread-safe.
 */
final class FileJournal extends FoldedJournal {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StateStore store;
    private final FileChannel channel;
    private final Object syncLock = new Object();
    /** Bytes appended so far (guarded by this), and bytes known to be on disk (guarded by syncLock, or this in append). */
    @GuardedBy("this")
    private long written;

    private volatile long synced;

    FileJournal(StateStore store, State base, String specSha256, Clock clock) {
        super(base, specSha256, clock);
        this.store = store;
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
            fold(s);
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
                persisted(start);
            }
        }
    }

    @Override
    public synchronized void recordApply(ApplyRecord a) {
        fold(a);
        append(JSON.createObjectNode().set("last_apply", StateCodec.apply(a)), true);
    }

    /** Writes one record (under this object's lock) and returns the journal's length after it. */
    @GuardedBy("this")
    private long append(ObjectNode body, boolean sync) {
        long start = System.nanoTime();
        serial(serial() + 1);
        ObjectNode rec = JSON.createObjectNode().put("lineage", lineage()).put("serial", serial());
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
            persisted(start);
        }
    }

    /** Folds the journal into the state file and closes. */
    @Override
    public synchronized State compact() {
        long start = System.nanoTime();
        State s = current();
        close();
        store.compact(s);
        persisted(start);
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
