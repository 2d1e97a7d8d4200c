package io.kmsmig.support;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The JVM options integration tests start kmsmig child processes with: they shorten start-up, the cost that
 * dominates a test that starts some 90 short-lived children, and change nothing kmsmig does.
 * <ul>
 *   <li>{@code -XX:TieredStopAtLevel=1}: the client compiler only; a child lives seconds, too short for C2 to pay off
 *       (a sandbox plan took 4.4 s of CPU with the default, 2.6 s without C2);</li>
 *   <li>an application class-data archive of the built jar ({@code -XX:SharedArchiveFile}), dumped once per test JVM
 *       by a training run (a sandbox apply) with {@code -XX:ArchiveClassesAtExit}: children map the classes instead
 *       of loading, verifying and linking them from the jar (about 30% less CPU for a plan against the emulator).
 *       When the archive cannot be made, children start without it.</li>
 *   <li>{@code -XX:CompileThresholdScaling=3}: a method is compiled after three times as many calls and loops; most
 *       of what a short child runs is run a few times, and the compiler thread was about 30% of its CPU (perf: the
 *       "C1 CompilerThread" against the main thread's 62% in a plan);</li>
 *   <li>{@code -XX:ArchiveRelocationMode=0} (a diagnostic flag, hence {@code -XX:+UnlockDiagnosticVMOptions}): map the
 *       archives where they were dumped rather than at another address with every pointer in them patched at each
 *       start (this JDK build's default; when the address is taken the JVM relocates anyway).</li>
 * </ul>
 * Together the last two: a plan against the emulator 1.36 -> 1.19 s of CPU (8 interleaved runs each on the loaded
 * machine; a plan without any archive 1.97 s); JIT thresholds and archive addresses change nothing kmsmig does.
 * The archive is per test JVM (its pid in the name) and deleted when that JVM exits: a jar rebuilt later never meets
 * an archive of an older one.
 */
public final class KmsmigJar {
    /** The shaded jar {@code mvn package} builds; integration tests run after it. */
    public static final Path JAR = CliRun.REPO.resolve("engine/target/kmsmig.jar");

    private static final List<String> BASE = List.of(
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=3",
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0");
    private static List<String> options;

    private KmsmigJar() {}

    /** The start-up flags every kmsmig child JVM of the tests gets (the list above), before any archive option. */
    public static List<String> startFlags() {
        return BASE;
    }

    /** The java executable of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Options for {@code java ... -jar kmsmig.jar}; the first call makes the class-data archive. */
    public static synchronized List<String> options() {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: integration tests run after 'mvn package'");
        }
        if (options == null) {
            options = withArchive();
        }
        return options;
    }

    private static List<String> withArchive() {
        Path archive =
                JAR.resolveSibling("kmsmig-child-" + ProcessHandle.current().pid() + ".jsa");
        try {
            Path work = Files.createTempDirectory("kmsmig-cds-");
            Files.writeString(work.resolve("world.yaml"), Worlds.generic(3, true, "{}"));
            Files.writeString(work.resolve("spec.yaml"), Worlds.sandboxSpec(""));
            List<String> cmd = new ArrayList<>(List.of(java()));
            cmd.addAll(BASE);
            cmd.addAll(List.of(
                    "-XX:ArchiveClassesAtExit=" + archive,
                    "-jar",
                    JAR.toString(),
                    "apply",
                    "-f",
                    "spec.yaml",
                    "--auto-approve"));
            Path log = work.resolve("training.log");
            Process p = new ProcessBuilder(cmd)
                    .directory(work.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            archive.toFile().deleteOnExit();
            boolean made =
                    !p.isAlive() && p.exitValue() == 0 && Files.isRegularFile(archive) && Files.size(archive) > 0;
            if (!made) {
                System.out.println("child JVMs start without a class-data archive; the training run printed:\n"
                        + Files.readString(log));
            }
            delete(work);
            if (made) {
                List<String> out = new ArrayList<>(BASE);
                out.add("-XX:SharedArchiveFile=" + archive);
                return List.copyOf(out);
            }
        } catch (IOException e) {
            System.out.println("child JVMs start without a class-data archive: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return BASE;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path f : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
