package io.kmsmig.state;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state lock: {@code <state>.lock}, created atomically, holding id, pid, host, operation and start time. A
 * second command fails at once naming the holder, or waits up to a timeout. A lock left by a process that no
 * longer runs on this host is reported as stale, with the command that clears it; {@code force-unlock} takes the
 * lock id as a nonce, so it only ever releases the lock it names.
 */
public final class StateLock implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Path file;
    private final String id;

    private StateLock(Path file, String id) {
        this.file = file;
        this.id = id;
    }

    public static Path fileFor(Path state) {
        return state.resolveSibling(state.getFileName() + ".lock");
    }

    /** The lock's content, as held. */
    public record Holder(String id, long pid, String host, String operation, Instant started) {
        String describe() {
            return operation + " by pid " + pid + " on " + host + " since " + started + " (lock id " + id + ")";
        }
    }

    public static StateLock acquire(Path state, String operation, Duration timeout, Clock clock) {
        Path file = fileFor(state);
        String id = UUID.randomUUID().toString();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                var o = JSON.createObjectNode().put("id", id).put("pid", ProcessHandle.current().pid())
                        .put("host", host()).put("operation", operation).put("started", clock.instant().toString());
                Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(o), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new StateLock(file, id);
            } catch (FileAlreadyExistsException e) {
                Holder h = read(file);
                if (h == null) {
                    continue;
                }
                if (h.host().equals(host()) && ProcessHandle.of(h.pid()).isEmpty()) {
                    throw new KmsmigException(ErrorCode.STATE_LOCKED, "The state lock " + file + " is stale: it was taken "
                            + "by " + h.describe() + ", and that process no longer runs. If no other kmsmig is working on "
                            + "this state, clear it with:\n  kmsmig force-unlock -f <spec> " + h.id());
                }
                if (!clock.instant().isBefore(deadline)) {
                    throw new KmsmigException(ErrorCode.STATE_LOCKED, "The state is locked by " + h.describe() + ". Wait "
                            + "for it to finish, or pass --lock-timeout to wait up to that long.");
                }
                sleep();
            } catch (IOException e) {
                throw new KmsmigException(ErrorCode.STATE_INVALID, "Cannot create the state lock " + file + ": " + e.getMessage());
            }
        }
    }

    /** The current holder, or null when unlocked. */
    public static Holder read(Path lockFile) {
        try {
            JsonNode o = JSON.readTree(Files.readAllBytes(lockFile));
            return new Holder(o.path("id").asString(""), o.path("pid").asLong(-1), o.path("host").asString(""),
                    o.path("operation").asString("?"), Instant.parse(o.path("started").asString("1970-01-01T00:00:00Z")));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return new Holder("unreadable", -1, "?", "?", Instant.EPOCH);
        }
    }

    /** Releases the lock named {@code id}, and only that one. */
    public static Holder forceUnlock(Path state, String id) {
        Path file = fileFor(state);
        Holder h = read(file);
        if (h == null) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, "The state " + state + " is not locked; nothing to do.");
        }
        if (!h.id().equals(id)) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, "Lock id " + id + " does not match the lock held: "
                    + h.describe() + ". force-unlock only releases the lock it names.");
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KmsmigException(ErrorCode.STATE_LOCKED, "Cannot remove " + file + ": " + e.getMessage());
        }
        return h;
    }

    public String id() {
        return id;
    }

    @Override
    public void close() {
        Holder h = read(file);
        if (h != null && h.id().equals(id)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // The lock will be reported as stale on the next run, with the command to clear it.
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsmigException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the state lock.");
        }
    }
}
