package io.kmsmig.apply;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.formats.PrivateFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --events FILE}: one JSON line per action: time, secret, action, region, result, attempt, duration. Never a
 * value. Thread-safe; a null file writes nothing.
 */
public final class ApplyEvents implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Writer out;

    public ApplyEvents(Path file) {
        try {
            if (file != null) {
                PrivateFiles.createIfAbsent(file); // like the state: names and times only, but nobody else's business
            }
            this.out = file == null
                    ? null
                    : Files.newBufferedWriter(
                            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.USAGE, "Cannot write the events file " + file + ": " + e.getMessage());
        }
    }

    public static ApplyEvents none() {
        return new ApplyEvents(null);
    }

    /** One line. {@code code} is the error code of a failure, or null. */
    public synchronized void event(
            Instant time,
            String secret,
            String action,
            String region,
            String versionId,
            String result,
            int attempt,
            long durationMs,
            String code) {
        if (out == null) {
            return;
        }
        ObjectNode o = JSON.createObjectNode()
                .put("time", time.toString())
                .put("secret", secret)
                .put("action", action)
                .put("region", region);
        if (versionId != null) {
            o.put("versionId", versionId);
        }
        o.put("result", result).put("attempt", attempt).put("duration_ms", durationMs);
        if (code != null) {
            o.put("code", code);
        }
        try {
            out.write(JSON.writeValueAsString(o));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.APPLY_FAILED, "Cannot write the events file: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // nothing left to save: every line was flushed when written
            }
        }
    }
}
