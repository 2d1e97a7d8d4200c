package io.kmsmig.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.ItOrder;
import io.kmsmig.support.KmsmigJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's tour through the launcher, each command a child process, in a temporary copy of the
 * quickstart, and checks every output line and exit code the README shows. The README cannot rot.
 */
@Order(ItOrder.SECOND)
class ReadmeTourIT {
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
        StringBuilder transcript = new StringBuilder();
        boolean eventsChecked = false;
        for (ReadmeTour.Step step : tour.steps()) {
            assertTrue(step.command().startsWith("./kmsmig "), "tour commands run the launcher: " + step.command());
            List<String> args = new ArrayList<>();
            args.add("./kmsmig");
            args.addAll(List.of(step.command().substring("./kmsmig ".length()).split(" +")));
            ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("NO_COLOR", "1");
            // the launcher passes these to java: the JVM starts faster, kmsmig runs the same (see KmsmigJar)
            pb.environment().put("KMSMIG_JAVA_OPTS", String.join(" ", KmsmigJar.options()));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), step.command());
            transcript.append("$ ").append(step.command()).append('\n').append(out);
            List<String> lines =
                    out.lines().filter(l -> !l.startsWith("kmsmig: building ")).toList();
            assertEquals(step.exit(), p.exitValue(), step.command() + " exit code\n" + out);
            String missing = ReadmeTour.mismatch(step.shown(), lines);
            assertNull(
                    missing,
                    "README line not in the output of `" + step.command() + "`:\n  " + missing + "\nactual:\n" + out);
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
        assertTrue(eventsChecked, "the tour writes an events file");
        for (String output : List.of("state/quickstart.kmsplan", "state/cutover.kmsplan", "state/apply-events.jsonl")) {
            assertFalse(Files.exists(dir.resolve(output)), "sandbox reset removed the tour's " + output);
        }
        assertFalse(transcript.toString().contains("CANARY"), "no sandbox value reaches the output");
    }

    /** No value in any file the tour wrote (state, journal, saved plans, events), checked after every step. */
    private void assertNoCanaryInStateFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(f -> !f.toString().contains("sandbox"))
                    .toList()) {
                assertFalse(
                        Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                                .contains("CANARY"),
                        f.toString());
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
