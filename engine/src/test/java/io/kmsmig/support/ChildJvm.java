package io.kmsmig.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/**
 * Runs {@code io.kmsmig.cli.Main} in a child JVM on the test class path with exactly the environment given (no
 * variable of this machine leaks in) and {@code user.home} pointed at a fake home: what credential providers read
 * from the process environment and home directory cannot be faked in-process.
 *
 * <p>Children start as {@link KmsmigJar}'s do: the client compiler only, and an application class-data archive.
 * A class-data archive takes classes from jars only, so the class path's directories (target/classes,
 * target/test-classes) are copied into jars once per build, shared by its test JVMs; the first child dumps the archive
 * when it exits ({@code -XX:ArchiveClassesAtExit}) and the later ones, in any test JVM, map it. The same classes,
 * from the same build, run either way; when the archive cannot be made or mapped, children start without it.
 */
public final class ChildJvm {
    private static String classPath;
    private static Path jarDir;
    private static boolean dumpTried;

    private ChildJvm() {}

    /** The exit code and everything printed. */
    public record Result(int exit, String output) {}

    public static Result run(Path cwd, Path home, Map<String, String> env, List<String> jvmOptions, String... args) {
        return start(cwd, home, env, jvmOptions, "io.kmsmig.cli.Main", List.of(args));
    }

    /**
     * Runs the command lines one after the other in ONE child JVM ({@link ChildMain}), with the same environment,
     * home and options: one JVM start instead of one per command line, where a case needs several commands in the
     * same process environment. Each result is that command's exit code and what it printed.
     */
    public static List<Result> runEach(
            Path cwd, Path home, Map<String, String> env, List<String> jvmOptions, List<List<String>> commands) {
        List<String> args = new ArrayList<>();
        for (List<String> c : commands) {
            if (!args.isEmpty()) {
                args.add(ChildMain.NEXT);
            }
            args.addAll(c);
        }
        return split(start(cwd, home, env, jvmOptions, ChildMain.class.getName(), args), commands.size());
    }

    /**
     * The child's output cut at each {@link ChildMain#ENDED} line into the commands' results. What the JVM printed after
     * the last one (shutdown hooks, late threads: what a process running only that command would print at its exit)
     * belongs to the last result, so that a test scanning every result's output scans all the child printed.
     */
    static List<Result> split(Result all, int commands) {
        List<Result> out = new ArrayList<>();
        String rest = all.output();
        for (int i = 0; i < commands; i++) {
            int at = rest.indexOf(ChildMain.ENDED);
            if (at < 0) {
                throw new AssertionError("the child ended (exit " + all.exit() + ") after " + i + " of " + commands
                        + " commands:\n" + all.output());
            }
            int eol = rest.indexOf('\n', at);
            String printed = rest.substring(0, at);
            int exit = Integer.parseInt(
                    rest.substring(at + ChildMain.ENDED.length(), eol).strip());
            rest = rest.substring(eol + 1);
            out.add(new Result(exit, i == commands - 1 ? printed + rest : printed));
        }
        return List.copyOf(out);
    }

    private static Result start(
            Path cwd, Path home, Map<String, String> env, List<String> jvmOptions, String main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(KmsmigJar.java()));
        cmd.addAll(KmsmigJar.startFlags()); // the client compiler, its thresholds, the archive mapped where dumped
        cmd.add("-Duser.home=" + home);
        Path dump = archiveOptions(cmd);
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath(), main));
        cmd.addAll(args);
        Path log = cwd.resolve("child-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", home.toString());
        // Never let a credential chain under test reach for the ECS metadata service (100.100.100.200).
        pb.environment().put("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kmsmig " + String.join(" ", args) + " did not finish");
            }
            if (dump != null) {
                dumped(dump);
            }
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Adds the archive's options: map it when made; else dump it at exit, when no child of this build (any test JVM)
     * is dumping it already (the CDS log off, so that the child prints only what kmsmig prints). Returns where this
     * child dumps the archive, or null.
     */
    private static synchronized Path archiveOptions(List<String> cmd) {
        Path jsa = jarDir().resolve("child.jsa");
        if (Files.isRegularFile(jsa)) {
            cmd.add("-XX:SharedArchiveFile=" + jsa);
            return null;
        }
        if (dumpTried) {
            return null;
        }
        dumpTried = true;
        Path marker = jarDir().resolve("child.jsa.dumping");
        try {
            Files.deleteIfExists(staleMarker(marker));
            Files.createFile(marker); // atomic: one test JVM dumps, the others start without the archive meanwhile
        } catch (IOException dumpingElsewhere) {
            return null;
        }
        Path tmp = jarDir().resolve("child.jsa." + ProcessHandle.current().pid() + ".tmp");
        cmd.add("-XX:ArchiveClassesAtExit=" + tmp);
        cmd.add("-Xlog:cds*=off");
        return tmp;
    }

    /** The marker, when a dump it announces started so long ago that the test JVM making it must have died. */
    private static Path staleMarker(Path marker) throws IOException {
        boolean stale = Files.exists(marker)
                && Files.getLastModifiedTime(marker)
                        .toInstant()
                        .isBefore(Instant.now().minus(Duration.ofMinutes(5)));
        return stale ? marker : jarDir().resolve("no-stale-marker");
    }

    /** After the dumping child: a whole archive is published for every later child; an empty or partial one is not. */
    private static synchronized void dumped(Path tmp) throws IOException {
        if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
            Files.move(tmp, jarDir().resolve("child.jsa"), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The test class path with each directory replaced by a jar of it. The jars and the archive are shared by the
     * build's test JVMs (surefire's forks): they live in target/child-jvm/ under a key of the class path's contents,
     * made by the first JVM that needs them, under a file lock. A JVM's class data archive names its jars by path,
     * size and time, so only jars at the same paths let the forks share one archive.
     */
    private static synchronized String classPath() {
        if (classPath == null) {
            String[] cp = System.getProperty("java.class.path").split(File.pathSeparator);
            try (FileChannel lock = FileChannel.open(
                            jarDir().resolve("jars.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = lock.lock()) {
                List<String> entries = new ArrayList<>();
                int n = 0;
                for (String entry : cp) {
                    Path p = Path.of(entry);
                    if (Files.isDirectory(p)) {
                        Path jar = jarDir().resolve("dir-" + n++ + ".jar");
                        if (!Files.isRegularFile(jar)) {
                            Path tmp = jarDir().resolve(jar.getFileName() + ".tmp");
                            jar(p, tmp);
                            Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE);
                        }
                        entries.add(jar.toString());
                    } else {
                        entries.add(entry);
                    }
                }
                classPath = String.join(File.pathSeparator, entries);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the jars for child JVMs in " + jarDir(), e);
            }
        }
        return classPath;
    }

    /**
     * target/child-jvm/KEY, KEY the class path's {@link #key}: a build whose classes differ in any byte gets jars and
     * an archive of its own.
     */
    private static synchronized Path jarDir() {
        if (jarDir == null) {
            List<Path> cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(e -> Path.of(e).toAbsolutePath())
                    .toList();
            try {
                Path target = cp.stream()
                        .filter(p -> Files.isDirectory(p)
                                && p.getFileName().toString().equals("test-classes"))
                        .map(Path::getParent)
                        .findFirst()
                        .orElse(Path.of("target").toAbsolutePath());
                Path root = target.resolve("child-jvm");
                jarDir = Files.createDirectories(root.resolve(key(cp)));
                removeOlderBuilds(root, jarDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jarDir;
    }

    /**
     * A digest of a class path: its entries; each directory's files by name and CONTENTS (a class recompiled to the
     * same size within the file system's time resolution, or a directory restored with its old times, is still
     * another class); each jar's size and time (a SNAPSHOT jar replaced at the same path is another jar).
     */
    static String key(List<Path> classPath) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path p : classPath) {
            // normalized: engine-test's and engine-it's JVMs name the engine's classes ../engine/target/classes from
            // their own modules, and must share one directory, not remove each other's as an older build's
            d.update((p.toAbsolutePath().normalize() + "\n").getBytes(StandardCharsets.UTF_8));
            if (Files.isRegularFile(p)) {
                d.update((Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            if (!Files.isDirectory(p)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(p)) {
                for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(f);
                    d.update((p.relativize(f) + " " + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
                    d.update(bytes);
                }
            }
        }
        return HexFormat.of().formatHex(d.digest(), 0, 8);
    }

    /** A jar of the directory's files, stored uncompressed (made and read once; size does not matter). */
    private static void jar(Path dir, Path jar) {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> all = Files.walk(dir)) {
            out.setLevel(Deflater.NO_COMPRESSION);
            for (Path f : all.sorted().toList()) {
                String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(f)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(f, out);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot jar " + dir + " for child JVMs", e);
        }
    }

    /** Jars and archives of earlier builds' classes (an hour untouched): a class path this build no longer has. */
    private static void removeOlderBuilds(Path root, Path current) throws IOException {
        Instant before = Instant.now().minus(Duration.ofHours(1));
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path old : dirs.filter(p -> !p.equals(current)).toList()) {
                if (Files.getLastModifiedTime(old).toInstant().isBefore(before)) {
                    try (Stream<Path> all = Files.walk(old)) {
                        for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
            }
        }
    }
}
