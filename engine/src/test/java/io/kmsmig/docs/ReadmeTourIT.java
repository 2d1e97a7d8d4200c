package io.kmsmig.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.KmsmigJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's tour in a temporary copy of the quickstart and checks every output line and exit code the README
 * shows. The README cannot rot.
 *
 * <p>One step runs as the README types it, {@code ./kmsmig} through a link to the launcher in a child process: the
 * first step whose shown output names {@code ./kmsmig} (a hint, which proves the launcher passes argv[0] on), else
 * the first step. The others run in this JVM through {@code Main.run}, as the child would run them: the same
 * environment (with the {@code KMSMIG_PROG} the launcher exports), working directory, no terminal, the system clock,
 * standard error merged into standard output in the order written. Nothing carries over between steps but the files
 * (the sandbox world and the state are reread by every command; the engine's in-process caches are pure or released
 * when a command ends). What anything in this JVM prints to System.out/err meanwhile is scanned with the transcript,
 * as a child's whole output would be.
 */
@Order(ItOrder.SECOND)
class ReadmeTourIT {
    private static final String LAUNCHER = "./kmsmig";

    @TempDir
    Path dir;

    @Test
    void readmeTour_runsAsWritten() throws Exception {
        ReadmeTour tour = ReadmeTour.parse(CliRun.REPO.resolve("README.md"));
        assertTrue(tour.steps().size() >= 10, "the tour has plan, apply, plan again, verify, cutover and restore");
        copy(CliRun.REPO.resolve("examples"), dir.resolve("examples"));
        Files.createDirectories(dir.resolve("state"));
        // ./kmsmig as the README types it: the launcher (through a link) sees argv[0] "./kmsmig" and says so in hints
        Files.createSymbolicLink(dir.resolve("kmsmig"), CliRun.REPO.resolve("kmsmig"));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("NO_COLOR", "1");
        // the launcher passes these to java: the JVM starts faster, kmsmig runs the same (see KmsmigJar)
        env.put("KMSMIG_JAVA_OPTS", String.join(" ", KmsmigJar.options()));
        int viaLauncher = Math.max(
                0,
                tour.steps().stream()
                        .map(s -> s.shown().stream().anyMatch(l -> l.contains(LAUNCHER + " ")))
                        .toList()
                        .indexOf(true));
        CliRun inProcess = inProcess(env);
        StringBuilder transcript = new StringBuilder();
        boolean eventsChecked = false;
        try (SystemOutputTap tap = SystemOutputTap.start()) {
            for (int i = 0; i < tour.steps().size(); i++) {
                ReadmeTour.Step step = tour.steps().get(i);
                assertTrue(
                        step.command().startsWith(LAUNCHER + " "), "tour commands run the launcher: " + step.command());
                List<String> args =
                        List.of(step.command().substring(LAUNCHER.length() + 1).split(" +"));
                CliRun.Result r = i == viaLauncher ? launch(env, args) : inProcess.run(args.toArray(String[]::new));
                String out = r.all();
                transcript.append("$ ").append(step.command()).append('\n').append(out);
                List<String> lines = out.lines()
                        .filter(l -> !l.startsWith("kmsmig: building "))
                        .toList();
                assertEquals(step.exit(), r.exit(), step.command() + " exit code\n" + out);
                String missing = ReadmeTour.mismatch(step.shown(), lines);
                assertNull(
                        missing,
                        "README line not in the output of `" + step.command() + "`:\n  " + missing + "\nactual:\n"
                                + out);
                assertNoCanaryInStateFiles();
                if (step.command().contains("--events state/apply-events.jsonl")) {
                    assertTrue(
                            Files.readString(dir.resolve("state/apply-events.jsonl"))
                                            .lines()
                                            .count()
                                    >= 30,
                            "the events file was written");
                    eventsChecked = true;
                }
            }
            transcript.append(tap.printed());
        }
        assertTrue(eventsChecked, "the tour writes an events file");
        for (String output : List.of("state/quickstart.kmsplan", "state/cutover.kmsplan", "state/apply-events.jsonl")) {
            assertFalse(Files.exists(dir.resolve(output)), "sandbox reset removed the tour's " + output);
        }
        assertFalse(transcript.toString().contains("CANARY"), "no sandbox value reaches the output");
    }

    /**
     * Runs in this JVM what {@code ./kmsmig} would run in a child: the child's environment plus the name the launcher
     * exports (unless already set, as the launcher does), stdin not a terminal, standard error into standard output.
     */
    private CliRun inProcess(Map<String, String> env) {
        CliRun cli = new CliRun(dir).errIntoOut().terminal(false, "");
        env.forEach(cli::env);
        String prog = env.get("KMSMIG_PROG");
        cli.env("KMSMIG_PROG", prog == null || prog.isEmpty() ? LAUNCHER : prog);
        return cli;
    }

    /** Runs {@code ./kmsmig args} through the link to the launcher, in a child process, output and error merged. */
    private CliRun.Result launch(Map<String, String> env, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), String.join(" ", command));
        return new CliRun.Result(p.exitValue(), out, "");
    }

    /** No value in any file the tour wrote (state, journal, saved plans, events), checked after every step. */
    private void assertNoCanaryInStateFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("sandbox"))
                    .toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains("CANARY"), f.toString());
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
