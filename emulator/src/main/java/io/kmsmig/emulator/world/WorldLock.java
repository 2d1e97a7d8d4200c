package io.kmsmig.emulator.world;

import io.kmsmig.formats.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The lock on a persisted world: an operating-system lock ({@link FileChannel#tryLock}, fcntl on Linux) on
 * {@code <world>.lock}, held by the emulator from load to its last save. It covers the world file and its change
 * log ({@link WorldLog}) alike: every process that serves a persisted world loads both, appends to the log and
 * rewrites the world file, so two at once would lose the earlier one's writes; with the lock the second waits for
 * the first to finish. The operating system releases the lock when the process ends, however it
 * ends, so a crash or kill -9 never leaves a lock to clear. The file's text (pid, host, start) is information for
 * the waiting message only.
 */
public final class WorldLock implements AutoCloseable {
    /**
     * Threads of this JVM queue here before touching the lock file: on Linux, closing any descriptor of a file drops
     * the process's fcntl locks on it, so only the thread that will hold the lock may open the file.
     */
    private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    private final Semaphore local;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private WorldLock(Semaphore local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * How long to wait for the lock, and where to say that we wait (called once, with a sentence naming the holder).
     */
    public record Wait(Duration timeout, Consumer<String> onWait) {
        /** Ten minutes, silently: a test or tool that starts an emulator on a world another process holds. */
        public static final Wait DEFAULT = new Wait(Duration.ofMinutes(10), m -> {});
    }

    /** The world is still in use by another process when the wait ran out. */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }

    /** {@code <world>.lock} beside the world file. */
    public static Path fileFor(Path world) {
        return world.resolveSibling(world.getFileName() + ".lock");
    }

    /** Takes the lock on {@code world}, waiting up to {@code wait.timeout()}; throws {@link BusyException} after. */
    public static WorldLock acquire(Path world, Wait wait) {
        Path file = fileFor(world);
        long deadline = System.nanoTime() + wait.timeout().toNanos();
        Semaphore local = IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Semaphore(1, true));
        if (!local.tryAcquire()) {
            wait.onWait().accept(waiting(world, "another command in this process"));
            boolean got;
            try {
                got = local.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BusyException("Interrupted while waiting for the sandbox world " + world + ".");
            }
            if (!got) {
                throw busy(world, "another command in this process", wait);
            }
        }
        FileChannel ch = null;
        try {
            ch = PrivateFiles.openOrCreate(file);
            long pauseMillis = 20;
            boolean told = false;
            while (true) {
                FileLock lock = tryLock(ch);
                if (lock != null) {
                    describeHolder(ch);
                    return new WorldLock(local, ch, lock);
                }
                String holder = holder(ch);
                if (System.nanoTime() - deadline >= 0) {
                    throw busy(world, holder, wait);
                }
                if (!told) {
                    wait.onWait().accept(waiting(world, holder));
                    told = true;
                }
                Thread.sleep(Math.min(pauseMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                pauseMillis = Math.min(pauseMillis * 2, 1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveUp(ch, local);
            throw new BusyException("Interrupted while waiting for the sandbox world " + world + ".");
        } catch (IOException e) {
            giveUp(ch, local);
            throw new UncheckedIOException("cannot lock the sandbox world " + world + " (" + file + ")", e);
        } catch (RuntimeException e) {
            giveUp(ch, local);
            throw e;
        }
    }

    private static String waiting(Path world, String holder) {
        return "Waiting for the sandbox world " + world + ": it is in use by " + holder
                + ". Commands on one sandbox run one at a time.";
    }

    private static BusyException busy(Path world, String holder, Wait wait) {
        return new BusyException("The sandbox world " + world + " is in use by " + holder + ", and still was after "
                + wait.timeout().toSeconds() + "s. Commands on one sandbox run one at a time: wait for that one to "
                + "finish (or stop it), then run this again.");
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // not expected behind the semaphore; treated as held
        }
    }

    private static void describeHolder(FileChannel ch) throws IOException {
        String text =
                "kmsmig pid " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now() + "\n";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** The holder's description, read through our own descriptor (opening another could drop a lock). */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(256);
            ch.read(buf, 0);
            String text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() || text.length() > 200 ? "another process" : text;
        } catch (IOException | RuntimeException e) {
            return "another process";
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void giveUp(FileChannel ch, Semaphore local) {
        try {
            if (ch != null) {
                ch.close();
            }
        } catch (IOException ignored) {
            // nothing was locked through it
        } finally {
            local.release();
        }
    }

    /** Releases the lock; a second call does nothing (the file stays: removing it could let two processes lock two different files). */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            local.release();
        }
    }
}
