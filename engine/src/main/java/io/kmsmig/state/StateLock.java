package io.kmsmig.state;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state lock: an operating-system lock ({@link FileChannel#tryLock}, {@code fcntl} on Linux) on
 * {@code <state>.lock}, held for the whole command, so it dies with its process however that ends (Ctrl-C,
 * {@code kill -9}, a CI timeout); nothing needs {@code force-unlock} after a crash. The file also holds the
 * holder's JSON (id, pid, host, operation, start, kmsmig version), which is information only: it names the
 * holder in messages, and it is the lock itself only on file systems without working locks, where
 * {@code force-unlock} clears it. The file is never deleted (a waiter could otherwise lock a deleted file while a
 * third process locks a new one); a released lock is an empty file.
 */
public final class StateLock implements StateBackend.Lock {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * The lock files this JVM holds. fcntl locks belong to the process, and closing any descriptor of the file
     * drops them all, so a second command in this JVM (tests run many) must never open a lock file held here.
     */
    @GuardedBy("HELD")
    private static final Map<Path, Holder> HELD = new HashMap<>();

    private static final int NAMING_TRIES = 5;
    private static final Duration NAMING_WAIT = Duration.ofMillis(100);
    private final Path file;
    private final FileChannel channel;
    private final FileLock osLock;
    private final Holder holder;

    private StateLock(Path file, FileChannel channel, FileLock osLock, Holder holder) {
        this.file = file;
        this.channel = channel;
        this.osLock = osLock;
        this.holder = holder;
    }

    public static Path fileFor(Path state) {
        return state.resolveSibling(state.getFileName() + ".lock");
    }

    /**
     * Who holds (or last held) a lock, as its file records it.
     *
     * @param id        a nonce naming this holding; {@code force-unlock} releases only the id it is given
     * @param pid       the holder's process id
     * @param host      the holder's host name
     * @param operation the command holding it (apply, verify, plan, ...)
     * @param started   when it was taken
     * @param version   the holder's kmsmig version
     */
    public record Holder(String id, long pid, String host, String operation, Instant started, String version) {
        String describe() {
            return operation + " by pid " + pid + " on " + host + " since " + started + " (kmsmig " + version
                    + ", lock id " + id + ")";
        }
    }

    /** How a waiter sleeps between attempts; tests pass one that advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;

        Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());
    }

    /** Takes the lock, or waits up to {@code timeout} for it with {@link Backoff#DEFAULT}. */
    public static StateLock acquire(Path state, String operation, String version, Duration timeout, Clock clock) {
        return acquire(state, operation, version, timeout, clock, Backoff.DEFAULT, Sleeper.SYSTEM, w -> {});
    }

    /**
     * Takes the lock; while another process holds it, waits (backing off) until {@code timeout} has passed, telling
     * {@code waiting} once, when it starts to wait, what it waits for (a line for the user).
     */
    public static StateLock acquire(
            Path state,
            String operation,
            String version,
            Duration timeout,
            Clock clock,
            Backoff backoff,
            Sleeper sleeper,
            Consumer<String> waiting) {
        Path file = fileFor(state).toAbsolutePath().normalize();
        Instant deadline = clock.instant().plus(timeout);
        int unnamed = 0;
        boolean told = false;
        for (int attempt = 0; ; attempt++) {
            Holder mine = new Holder(
                    UUID.randomUUID().toString(),
                    ProcessHandle.current().pid(),
                    host(),
                    operation,
                    clock.instant(),
                    version);
            Attempt a = tryOnce(file, mine);
            if (a.lock() != null) {
                return a.lock();
            }
            Duration left = Duration.between(clock.instant(), deadline);
            Duration d = backoff.delay(attempt);
            if (left.isNegative() || left.isZero()) {
                if (a.other() != null || unnamed++ >= NAMING_TRIES) {
                    throw new KmsmigException(ErrorCode.STATE_LOCKED, lockedMessage(file, a.other()));
                }
                // The holder has just taken the lock and not yet written its name: give it a moment, to name it.
                left = NAMING_WAIT;
                d = NAMING_WAIT;
            } else if (!told) {
                told = true;
                waiting.accept("Waiting for the state lock, held by "
                        + (a.other() == null
                                ? "another kmsmig process"
                                : a.other().describe()) + " (--lock-timeout: up to " + timeout.toSeconds() + " s)...");
            }
            try {
                sleeper.sleep(d.compareTo(left) < 0 ? d : left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KmsmigException(ErrorCode.INTERRUPTED, "Interrupted while waiting for the state lock.");
            }
        }
    }

    private static String lockedMessage(Path file, Holder other) {
        String who = other == null ? "another kmsmig process (" + file + " does not name it yet)" : other.describe();
        return "The state is locked by " + who + ". Wait for it to finish, or pass --lock-timeout to wait up to that "
                + "long. The lock is released when that process ends, however it ends.";
    }

    /** The outcome of one try: the lock, or the other holder as its file names it (null when it names none). */
    private record Attempt(StateLock lock, Holder other) {}

    private static Attempt tryOnce(Path file, Holder mine) {
        synchronized (HELD) {
            Holder here = HELD.get(file);
            if (here != null) {
                return new Attempt(null, here);
            }
            FileChannel ch = open(file);
            try {
                FileLock os;
                try {
                    os = ch.tryLock();
                    if (os == null) {
                        Holder other = read(ch);
                        ch.close();
                        return new Attempt(null, other);
                    }
                } catch (OverlappingFileLockException e) {
                    throw new IllegalStateException("lock file " + file + " locked in this JVM outside StateLock", e);
                } catch (IOException noLocks) {
                    // A file system without working locks (some network mounts): the holder's JSON is the lock.
                    os = null;
                    Holder other = read(ch);
                    if (other != null) {
                        ch.close();
                        throw staleOrLocked(file, other);
                    }
                }
                byte[] info = JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(JSON.createObjectNode()
                                .put("id", mine.id())
                                .put("pid", mine.pid())
                                .put("host", mine.host())
                                .put("operation", mine.operation())
                                .put("started", mine.started().toString())
                                .put("version", mine.version()));
                ch.truncate(0);
                ch.position(0);
                StateStore.writeFully(ch, info);
                ch.force(false);
                HELD.put(file, mine);
                return new Attempt(new StateLock(file, ch, os, mine), null);
            } catch (IOException e) {
                closeQuietly(ch);
                throw new KmsmigException(
                        ErrorCode.STATE_INVALID, "Cannot take the state lock " + file + ": " + e.getMessage());
            }
        }
    }

    /** Without OS locks only: a holder that is gone is stale (clear it with force-unlock), else it holds the lock. */
    private static KmsmigException staleOrLocked(Path file, Holder h) {
        if (h.host().equals(host()) && ProcessHandle.of(h.pid()).isEmpty()) {
            return new KmsmigException(
                    ErrorCode.STATE_LOCKED,
                    "The state lock " + file + " is stale: it was taken by "
                            + h.describe()
                            + ", and that process no longer runs (this file system has no working file locks, "
                            + "so kmsmig cannot tell by itself). If no other kmsmig is working on this state, clear it with:\n"
                            + "  " + Program.name() + " force-unlock -f <spec> " + h.id());
        }
        return new KmsmigException(ErrorCode.STATE_LOCKED, lockedMessage(file, h));
    }

    private static FileChannel open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (Files.isSymbolicLink(file)) {
                throw new KmsmigException(
                        ErrorCode.STATE_INVALID,
                        "The state lock " + file + " is a symbolic link (to "
                                + Files.readSymbolicLink(file)
                                + "). kmsmig does not lock through a link: taking the lock "
                                + "truncates and rewrites the file, which would destroy the link's target. Remove the link "
                                + "(rm " + file + "); kmsmig creates the lock file itself. Nothing was changed.");
            }
            // No link is followed even if one is planted after the check (O_NOFOLLOW): the open fails instead.
            Set<OpenOption> opts = Set.of(
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<Set<PosixFilePermission>> owner = PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
                return FileChannel.open(file, opts, owner);
            }
            return FileChannel.open(file, opts);
        } catch (IOException e) {
            throw new KmsmigException(
                    ErrorCode.STATE_INVALID,
                    "Cannot open the state lock " + file + ": " + reason(e)
                            + ". The state's directory must be a directory the user running kmsmig can write; or set `state:`"
                            + " in the spec to another file.");
        }
    }

    /**
     * The cause in words. The JDK's file-system exceptions (access denied, already exists) carry only the path as
     * their message, which repeated the lock's own path and named no cause.
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException a) {
            return "permission denied on " + a.getFile();
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + " exists and is not a directory";
        }
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        return e.getMessage();
    }

    /** The holder recorded in the file, or null when it records none (empty, released, or unreadable). */
    private static Holder read(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0 || size > 65_536) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) size);
        while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
            // read it all
        }
        try {
            JsonNode o = JSON.readTree(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
            String id = o.path("id").asString("");
            if (id.isEmpty() || !o.path("pid").isIntegralNumber()) {
                return null;
            }
            return new Holder(
                    id,
                    o.path("pid").asLong(),
                    o.path("host").asString("?"),
                    o.path("operation").asString("?"),
                    Instant.parse(o.path("started").asString("1970-01-01T00:00:00Z")),
                    o.path("version").asString("?"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What {@code force-unlock} did. */
    public record Released(Holder holder, boolean wasHeld) {}

    /**
     * Clears the lock named {@code id}. With OS locks, a lock whose process is gone is already released (this only
     * clears its leftover JSON), and one whose process runs cannot be taken from it: that is refused.
     */
    public static Released forceUnlock(Path state, String id) {
        Path file = fileFor(state).toAbsolutePath().normalize();
        synchronized (HELD) {
            Holder here = HELD.get(file);
            if (here != null) {
                throw new KmsmigException(
                        ErrorCode.STATE_LOCKED,
                        "The state lock is held by " + here.describe()
                                + ", a command running in this process; it releases the lock when it ends.");
            }
            if (!Files.exists(file)) {
                return new Released(null, false);
            }
            FileChannel ch = open(file);
            try {
                FileLock os;
                try {
                    os = ch.tryLock();
                } catch (IOException noLocks) {
                    os = null;
                    Holder h = read(ch);
                    if (h == null) {
                        return new Released(null, false);
                    }
                    if (!h.id().equals(id)) {
                        throw new KmsmigException(
                                ErrorCode.STATE_LOCKED,
                                "Lock id " + id + " does not match the lock " + "held: " + h.describe()
                                        + ". force-unlock only releases the lock it names.");
                    }
                    ch.truncate(0);
                    return new Released(h, true);
                }
                if (os == null) {
                    Holder h = read(ch);
                    throw new KmsmigException(
                            ErrorCode.STATE_LOCKED,
                            "The state lock is held by "
                                    + (h == null ? "a running process" : h.describe())
                                    + ", which is still running: the "
                                    + "operating system holds the lock for it. force-unlock cannot take a lock from a live "
                                    + "process; let it finish, or stop it (its lock is released when it ends).");
                }
                Holder h = read(ch);
                if (h != null && h.id().equals(id)) {
                    ch.truncate(0);
                }
                os.release();
                return new Released(h, false);
            } catch (IOException e) {
                throw new KmsmigException(ErrorCode.STATE_LOCKED, "Cannot clear " + file + ": " + e.getMessage());
            } finally {
                closeQuietly(ch);
            }
        }
    }

    @Override
    public String id() {
        return holder.id();
    }

    /** Clears the holder's JSON and releases the lock (the OS would release it anyway when the process ends). */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!channel.isOpen()) {
                return;
            }
            try {
                channel.truncate(0);
                if (osLock != null) {
                    osLock.release();
                }
            } catch (IOException e) {
                // closing the channel below releases the OS lock; leftover JSON is ignored once the lock is free
            } finally {
                closeQuietly(channel);
                HELD.remove(file);
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing held through it any more
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
