package io.kmsmig.formats;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The record framing of kmsmig's append-only files (the state journal, the sandbox world's change log):
 * {@code LENGTH:CRC32C:JSON\n}, so a reader tells a record cut short by a crash (a torn tail) from a damaged one.
 */
public final class Framing {
    private Framing() {}

    /** {@code json} framed as one record: its length in bytes, its CRC32C as 8 hex digits, the bytes, a newline. */
    public static byte[] frame(byte[] json) {
        CRC32C crc = new CRC32C();
        crc.update(json);
        byte[] header =
                (json.length + ":" + String.format("%08x", crc.getValue()) + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + json.length + 1];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(json, 0, out, header.length, json.length);
        out[out.length - 1] = '\n';
        return out;
    }
}
