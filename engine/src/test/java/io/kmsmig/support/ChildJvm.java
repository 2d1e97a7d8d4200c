package io.kmsmig.support;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * target/test-classes) are copied into jars once per test JVM; the first child dumps the archive when it exits
 * ({@code -XX:ArchiveClassesAtExit}) and the later ones map it. The same classes, from the same build, run either
 * way; when the archive cannot be made, children start without it.
 */
public final class ChildJvm {
    private static String classPath;
    private static Path archive;
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
        Result all = start(cwd, home, env, jvmOptions, ChildMain.class.getName(), args);
        List<Result> out = new ArrayList<>();
        String rest = all.output();
        for (int i = 0; i < commands.size(); i++) {
            int at = rest.indexOf(ChildMain.ENDED);
            if (at < 0) {
                throw new AssertionError("the child ended (exit " + all.exit() + ") after " + i + " of "
                        + commands.size() + " commands:\n" + all.output());
            }
            int eol = rest.indexOf('\n', at);
            out.add(new Result(
                    Integer.parseInt(
                            rest.substring(at + ChildMain.ENDED.length(), eol).strip()),
                    rest.substring(0, at)));
            rest = rest.substring(eol + 1);
        }
        return List.copyOf(out);
    }

    private static Result start(
            Path cwd, Path home, Map<String, String> env, List<String> jvmOptions, String main, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Duser.home=" + home));
        boolean dumps = archiveOptions(cmd);
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
            if (dumps) {
                dumped();
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
     * Adds the archive's options: map it when made, dump it at exit when no child has tried yet (the CDS log off, so
     * that the child prints only what kmsmig prints). Returns whether this child dumps.
     */
    private static synchronized boolean archiveOptions(List<String> cmd) {
        Path jsa = archivePath();
        if (dumpTried) {
            if (Files.isRegularFile(jsa)) {
                cmd.add("-XX:SharedArchiveFile=" + jsa);
            }
            return false;
        }
        dumpTried = true;
        cmd.add("-XX:ArchiveClassesAtExit=" + jsa);
        cmd.add("-Xlog:cds*=off");
        return true;
    }

    /** After the dumping child: an empty or partial archive is not used. */
    private static synchronized void dumped() throws IOException {
        Path jsa = archivePath();
        if (Files.isRegularFile(jsa) && Files.size(jsa) == 0) {
            Files.delete(jsa);
        }
    }

    private static synchronized Path archivePath() {
        if (archive == null) {
            archive = jarDir().resolve("child.jsa");
        }
        return archive;
    }

    /** The test class path with each directory replaced by a jar of it (made once per test JVM). */
    private static synchronized String classPath() {
        if (classPath == null) {
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    Path jar = jarDir().resolve("dir-" + n++ + ".jar");
                    jar(p, jar);
                    entries.add(jar.toString());
                } else {
                    entries.add(entry);
                }
            }
            classPath = String.join(File.pathSeparator, entries);
        }
        return classPath;
    }

    private static synchronized Path jarDir() {
        if (jarDir == null) {
            try {
                jarDir = Files.createTempDirectory("kmsmig-childjvm-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path dir = jarDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        }
        return jarDir;
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

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // the JVM is ending; the directory is temporary
        }
    }
}
