package io.kmsmig.state;

import io.kmsmig.formats.Framing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The journal's on-disk form. Format 2 frames each record as {@code LENGTH:CRC32C:JSON\n} (LENGTH the JSON's bytes
 * in decimal, CRC32C its checksum in 8 hex digits), so a record cut short by a crash or a full disk, or garbage
 * after it, is recognised wherever it sits. Format 1 records (a bare JSON line, written by kmsmig before framing)
 * are still read.
 *
 * <p>Every apply and verify starts its part of the journal with a session record (the spec's sha256 and nothing
 * else). A torn record is always the last one its session wrote, so damage followed only by a session start (or by
 * the end of the file) is a torn tail: it was never completed, and it is skipped. Damage followed by a record of the
 * same session cannot be a torn write, nor can a whole frame with a wrong checksum before another session: that is
 * corruption, and kmsmig stops.
 */
final class JournalFormat {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HEADER = Pattern.compile("([0-9]{1,9}):([0-9a-f]{8}):");
    private static final Pattern SECRET = Pattern.compile("\"source_name\":\"([^\"\\\\]{1,255})\"");

    private JournalFormat() {}

    /** A complete record: its JSON, and where its bytes sit in the file. */
    record Rec(JsonNode node, int offset, int length) {
        boolean sessionStart() {
            return node.has("spec_sha256") && !node.has("secret") && !node.has("last_apply");
        }
    }

    /**
     * Bytes that are not a complete record.
     *
     * @param offset where they start
     * @param length how many
     * @param line   the line they start on (1-based)
     * @param what   what they were, as far as can be told (the secret whose record was being written)
     * @param why    why they are not a record
     */
    record Damage(int offset, int length, int line, String what, String why) {
        String describe(Object journal) {
            return length + " bytes at byte " + offset + " (line " + line + ") of " + journal + ": " + what + " (" + why
                    + ")";
        }
    }

    /** The journal read: its complete records in order, the torn tails, and the corrupt records, each in file order. */
    record Scan(List<Rec> records, List<Damage> torn, List<Damage> corrupt) {}

    static byte[] frame(byte[] json) {
        return Framing.frame(json);
    }

    static Scan scan(byte[] b) {
        List<Rec> records = new ArrayList<>();
        List<Damage> torn = new ArrayList<>();
        List<Damage> corrupt = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            if (b[pos] == '\n') {
                pos++; // the separator an older kmsmig wrote after a torn record
                continue;
            }
            Parsed here = parseAt(b, pos);
            if (here.rec() != null) {
                records.add(here.rec());
                pos += here.rec().length();
                continue;
            }
            int next = pos;
            Rec after = null;
            while (after == null) {
                int nl = indexOf(b, (byte) '\n', next);
                if (nl < 0 || nl + 1 >= b.length) {
                    next = b.length;
                    break;
                }
                next = nl + 1;
                after = parseAt(b, next).rec();
            }
            Damage d = new Damage(pos, next - pos, lineAt(b, pos), hint(b, pos, next), here.why());
            // A whole frame (its announced length reaches exactly the next record) with a wrong checksum was written in
            // full: before another session it is bit rot, not a tear (a tear is dropped when the next session opens).
            boolean whole = frameLength(b, pos) == next - pos;
            (after != null && (!after.sessionStart() || whole) ? corrupt : torn).add(d);
            pos = next;
        }
        return new Scan(records, torn, corrupt);
    }

    /** What starts at a position: a record, or why there is none there. */
    private record Parsed(Rec rec, String why) {
        static Parsed failed(String why) {
            return new Parsed(null, why);
        }
    }

    /** The record starting at {@code pos}, or the reason there is none. */
    private static Parsed parseAt(byte[] b, int pos) {
        if (b[pos] == '{') {
            int nl = indexOf(b, (byte) '\n', pos);
            int end = nl < 0 ? b.length : nl;
            JsonNode n = json(b, pos, end - pos);
            if (n == null) {
                return Parsed.failed("not a complete JSON record");
            }
            return new Parsed(new Rec(n, pos, (nl < 0 ? end : nl + 1) - pos), null);
        }
        String head = new String(b, pos, Math.min(20, b.length - pos), StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(head);
        if (!m.lookingAt()) {
            return Parsed.failed("no record header");
        }
        int start = pos + m.end();
        long len = Long.parseLong(m.group(1));
        if (start + len >= b.length) {
            return Parsed.failed(
                    start + len == b.length
                            ? "cut short: its " + len + " bytes are there but not the newline that ends it"
                            : "cut short: the header announces " + len + " bytes, " + Math.max(0, b.length - start)
                                    + " follow");
        }
        int end = start + (int) len;
        CRC32C crc = new CRC32C();
        crc.update(b, start, (int) len);
        if (b[end] != '\n' || crc.getValue() != Long.parseLong(m.group(2), 16)) {
            return Parsed.failed("checksum mismatch");
        }
        JsonNode n = json(b, start, (int) len);
        if (n == null) {
            return Parsed.failed("checksum matches but the record is not JSON");
        }
        return new Parsed(new Rec(n, pos, end + 1 - pos), null);
    }

    /** The length of the frame at {@code pos} as its header announces it (header, JSON, newline), or -1. */
    private static long frameLength(byte[] b, int pos) {
        Matcher m = HEADER.matcher(new String(b, pos, Math.min(20, b.length - pos), StandardCharsets.ISO_8859_1));
        return m.lookingAt() ? m.end() + Long.parseLong(m.group(1)) + 1 : -1;
    }

    private static JsonNode json(byte[] b, int off, int len) {
        try {
            JsonNode n = JSON.readTree(new String(b, off, len, StandardCharsets.UTF_8));
            return n != null && n.isObject() && n.path("lineage").isString() ? n : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What the damaged bytes were being written for, as far as they tell: never more than names. */
    private static String hint(byte[] b, int from, int to) {
        String text = new String(b, from, to - from, StandardCharsets.UTF_8);
        Matcher m = SECRET.matcher(text);
        if (m.find()) {
            return "the record of secret " + m.group(1) + " being written";
        }
        if (text.contains("\"last_apply\"")) {
            return "the record of the apply's end being written";
        }
        return "a record being written (too little of it to tell which)";
    }

    static int lineAt(byte[] b, int pos) {
        int line = 1;
        for (int i = 0; i < pos; i++) {
            if (b[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }
}
