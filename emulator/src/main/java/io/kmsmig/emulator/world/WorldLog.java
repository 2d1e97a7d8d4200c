package io.kmsmig.emulator.world;

import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.Framing;
import io.kmsmig.formats.PrivateFiles;
import io.kmsmig.formats.Problem;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The world's change log, {@code <data file>.log}: what changed since the snapshot (the data file) was written, so
 * that an answered write costs an append of the secrets it changed instead of a rewrite of the whole world.
 *
 * <p>Each record is framed like the state journal's, {@code LENGTH:CRC32C:JSON\n}, the JSON written with every
 * non-ASCII character escaped exactly like the snapshot (so any string survives). The first record names the
 * snapshot's {@code logEpoch}; the others hold a secret's whole new state, a removed secret, an ActionTrail event,
 * or the world's settings (semantics, faults, clock offset). Records are appended and fsynced before the writes they
 * record are answered. A kill mid-append leaves a torn tail: bytes that are not a whole record, with no whole record
 * after them; it is dropped on load (those writes were never answered). Damage followed by whole records is
 * corruption, and loading stops. The file is 0600 like the snapshot, and covered by the same {@link WorldLock}.
 */
public final class WorldLog implements AutoCloseable {
    private static final JsonMapper WRITE =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final JsonMapper READ = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final int MAX_RECORD = 256 * 1024 * 1024;

    private final FileChannel channel;
    private long size;

    private WorldLog(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** {@code <world>.log} beside the world file. */
    public static Path fileFor(Path world) {
        return world.resolveSibling(world.getFileName() + ".log");
    }

    /** Replaces the log with one that holds only its header for {@code epoch} (atomically, 0600), open for appends. */
    public static WorldLog reset(Path log, long epoch) {
        try {
            byte[] header = frame(WRITE.writeValueAsBytes(
                    JsonNodeFactory.instance.objectNode().put("logEpoch", epoch)));
            PrivateFiles.writeAtomically(log, header);
            FileChannel ch = PrivateFiles.openOrCreate(log);
            ch.position(ch.size());
            return new WorldLog(ch, ch.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the emulator's world log " + log, e);
        }
    }

    /** The bytes of one record as this log stores it: compact ASCII JSON, framed. */
    public static byte[] record(JsonNode json) {
        return frame(WRITE.writeValueAsBytes(json));
    }

    /** Appends framed {@link #record records} and fsyncs; returns once they are durable. */
    public void append(List<byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        int total = records.stream().mapToInt(r -> r.length).sum();
        ByteBuffer buf = ByteBuffer.allocate(total);
        records.forEach(buf::put);
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
            size += total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the emulator's world log", e);
        }
    }

    /** The log's size in bytes (header included). */
    public long size() {
        return size;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What {@link #read} found.
     *
     * @param stale     the log belongs to an older snapshot (or has no header): it was ignored
     * @param records   records passed on (the header not counted)
     * @param tornBytes bytes of a torn tail that were dropped
     */
    public record Replay(boolean stale, int records, long tornBytes) {
        /** Nothing was read: no log, or nothing after its header. */
        public boolean empty() {
            return records == 0 && tornBytes == 0;
        }
    }

    /**
     * Reads the log of the snapshot of {@code epoch}, passing each record after the header to {@code onRecord}, in
     * order, one at a time (the log is never held whole). A missing log reads as empty.
     */
    public static Replay read(Path log, long epoch, Consumer<JsonNode> onRecord) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
            Frames frames = new Frames(in);
            JsonNode header = frames.next();
            if (header == null && frames.damagedAt >= 0) {
                // The header is written atomically (reset), so no kill tears it: damage there with whole records after
                // it is corruption, and ignoring the log as stale would silently drop every answered write in it.
                byte[] rest = in.readAllBytes();
                if (wholeRecordIn(frames.damage, rest)) {
                    throw damaged(log, frames);
                }
            }
            if (header == null || header.path("logEpoch").asLong(-1) != epoch) {
                return new Replay(true, 0, 0);
            }
            int n = 0;
            JsonNode r;
            while ((r = frames.next()) != null) {
                onRecord.accept(r);
                n++;
            }
            if (frames.damagedAt >= 0) {
                byte[] rest = in.readAllBytes();
                if (wholeRecordIn(frames.damage, rest)) {
                    throw damaged(log, frames);
                }
                return new Replay(false, n, frames.damage.length + (long) rest.length);
            }
            return new Replay(false, n, 0);
        } catch (NoSuchFileException e) {
            return new Replay(true, 0, 0);
        } catch (IOException e) {
            throw new FormatException(
                    new Problem("", null, "cannot read the world log " + log + ": " + e.getMessage()));
        }
    }

    private static FormatException damaged(Path log, Frames frames) {
        return new FormatException(new Problem(
                "",
                null,
                "the world log " + log + " is damaged at byte "
                        + frames.damagedAt + " (" + frames.why + ") and whole records follow: this is not a torn"
                        + " write. Start the sandbox over with kmsmig sandbox reset -f SPEC"));
    }

    /** Whether a whole, valid record starts after a newline somewhere in the damaged bytes or the rest of the file. */
    private static boolean wholeRecordIn(byte[] damage, byte[] rest) {
        byte[] all = new byte[damage.length + rest.length];
        System.arraycopy(damage, 0, all, 0, damage.length);
        System.arraycopy(rest, 0, all, damage.length, rest.length);
        for (int i = 0; i < all.length - 1; i++) {
            if (all[i] == '\n') {
                Frames f = new Frames(new ByteArrayInputStream(all, i + 1, all.length - i - 1));
                if (f.next() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    static byte[] frame(byte[] json) {
        return Framing.frame(json);
    }

    /** Reads frames one at a time; stops at the first that is not whole and valid, keeping its bytes. */
    private static final class Frames {
        private final InputStream in;
        private long offset;
        long damagedAt = -1;
        byte[] damage = new byte[0];
        String why;

        Frames(InputStream in) {
            this.in = in;
        }

        /** The next record, or null at the end or at damage (then {@link #damagedAt} is set). */
        JsonNode next() {
            if (damagedAt >= 0) {
                return null;
            }
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try {
                long length = field(seen, 10, 10);
                if (length == -2) {
                    return null; // the end, between records
                }
                long crc = length < 0 || length > MAX_RECORD ? -1 : field(seen, 8, 16);
                if (crc < 0) {
                    return damaged(seen, "no record header");
                }
                byte[] json = in.readNBytes((int) length);
                seen.write(json);
                int nl = in.read();
                if (json.length < length || nl < 0) {
                    return damaged(seen, "cut short");
                }
                seen.write(nl);
                CRC32C c = new CRC32C();
                c.update(json);
                if (nl != '\n' || c.getValue() != crc) {
                    return damaged(seen, "checksum mismatch");
                }
                JsonNode node = READ.readTree(json);
                if (node == null || !node.isObject()) {
                    return damaged(seen, "not a JSON object");
                }
                offset += seen.size();
                return node;
            } catch (JacksonException e) {
                return damaged(seen, "checksum matches but the record is not JSON");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Reads up to {@code maxDigits} digits of {@code radix} and the ':' after them; -1 if malformed, -2 at EOF. */
        private long field(ByteArrayOutputStream seen, int maxDigits, int radix) throws IOException {
            long v = 0;
            for (int i = 0; i <= maxDigits; i++) {
                int b = in.read();
                if (b < 0) {
                    return i == 0 && seen.size() == 0 ? -2 : -1;
                }
                seen.write(b);
                if (b == ':' && i > 0) {
                    return v;
                }
                int d = Character.digit(b, radix);
                if (d < 0 || (radix == 16 && b >= 'A' && b <= 'F')) {
                    return -1;
                }
                v = v * radix + d;
            }
            return -1;
        }

        private JsonNode damaged(ByteArrayOutputStream seen, String reason) {
            damagedAt = offset;
            damage = seen.toByteArray();
            why = reason;
            return null;
        }
    }

    /** The records of the secrets {@code touched} names (by region): each one's whole state now, or its removal. Call under a lock. */
    public static List<byte[]> secretRecords(World w, Map<String, Set<String>> touched) {
        List<byte[]> out = new ArrayList<>();
        touched.forEach((regionId, names) -> {
            Region region = w.region(regionId);
            for (String name : names) {
                Secret s = region.secrets.get(name);
                ObjectNode o = JsonNodeFactory.instance.objectNode().put("region", regionId);
                if (s == null) {
                    o.put("removed", name);
                } else {
                    o.set("secret", WorldFile.secretJson(s));
                }
                out.add(record(o));
            }
        });
        return out;
    }

    /** The record of one ActionTrail event (its persisted JSON). */
    public static byte[] eventRecord(JsonNode event) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("event", event);
        return record(o);
    }

    /** The record of the world's settings ({@link WorldFile#settingsJson}). */
    public static byte[] settingsRecord(JsonNode settings) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.set("meta", settings);
        return record(o);
    }
}
