package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SIGKILL of apply right after KMS applied its n-th write, made in this JVM instead of a child process: what the
 * kill leaves is taken at that instant and put back once the apply has ended.
 *
 * <p>Why that is what a SIGKILL leaves: the emulator holds the answer of the n-th write and of every later one, so
 * from that instant the apply records no answer it has not had; the world is taken first, then the state files,
 * and a write is recorded (its intent, written to the OS) before it is sent: every write in the world taken has its
 * intent in the files taken after it, and the files may hold intents of writes not (yet) made, as a kill between
 * recording and sending leaves them. No fold happens meanwhile (apply folds once, at its end, and it cannot end while
 * a write is held). The lock file is not taken: its OS lock is released when the apply ends, as a killed process's
 * is. What only a real process shows (the lock dying with it, a run starting on a dead holder's lock) stays with the
 * chain's child runs ({@link CrashChain#CHILD_EVERY}). The files are put back with the permissions they had (owner-only,
 * as kmsmig makes them). Known differences no caller reads: the lock file is as the ended apply left it, and the
 * emulator's ActionTrail keeps the events of the calls made after the instant ({@code replaceWorld} puts back the
 * secrets and the semantics only; they are kmsmig's own calls, which cutover's usage check does not count).
 */
final class CrashInProcess {
    private CrashInProcess() {}

    /**
     * Runs kmsmig with {@code args} in this JVM against {@code cloud} and "kills" it after its {@code n}-th write (as
     * above), or lets it end on its own; its output goes to {@code log}. {@code stateFile} is the spec's state file.
     */
    static CrashChain.Ended killAtWrite(EmulatedCloud cloud, Path stateFile, long n, Path log, String... args)
            throws Exception {
        WriteHold hold = WriteHold.from(cloud, n);
        CompletableFuture<CliRun.Result> apply = CompletableFuture.supplyAsync(() -> cloud.run(args));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean hit;
        while (!(hit = hold.reached(50, TimeUnit.MILLISECONDS)) && !apply.isDone()) {
            assertTrue(System.nanoTime() < deadline, "the apply neither wrote nor finished");
        }
        ObjectNode world = hit ? cloud.emulator.dump() : null;
        Map<Path, Taken> files = hit ? take(stateFile) : Map.of();
        hold.close();
        CliRun.Result r = apply.get(120, TimeUnit.SECONDS);
        Files.writeString(log, r.all());
        if (!hit) {
            return new CrashChain.Ended(false, r.exit());
        }
        for (Path f : stateFiles(stateFile)) {
            Files.deleteIfExists(f);
        }
        for (Map.Entry<Path, Taken> e : files.entrySet()) {
            Files.write(e.getKey(), e.getValue().bytes());
            Files.setPosixFilePermissions(e.getKey(), e.getValue().permissions());
        }
        cloud.emulator.replaceWorld(world);
        return new CrashChain.Ended(true, -1);
    }

    /**
     * A file as the kill left it: its bytes and its permissions (kmsmig makes its state files owner-only, and a file
     * put back by {@link Files#write} would get the umask's instead).
     */
    private record Taken(byte[] bytes, Set<PosixFilePermission> permissions) {}

    private static Map<Path, Taken> take(Path stateFile) throws IOException {
        Map<Path, Taken> out = new LinkedHashMap<>();
        for (Path f : stateFiles(stateFile)) {
            if (Files.exists(f)) {
                out.put(f, new Taken(Files.readAllBytes(f), Files.getPosixFilePermissions(f)));
            }
        }
        return out;
    }

    /** The file backend's files but the lock (FileStateBackend, StateStore). */
    private static List<Path> stateFiles(Path stateFile) {
        String name = stateFile.getFileName().toString();
        return List.of(
                stateFile,
                stateFile.resolveSibling(name + ".journal"),
                stateFile.resolveSibling(name + ".backup"),
                stateFile.resolveSibling(name + ".journal.damaged"));
    }
}
