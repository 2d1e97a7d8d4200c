package io.kmsmig.scenarios;

import io.kmsmig.cli.CliRun;
import io.kmsmig.kms.MemoryCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A golden scenario: a folder under scenarios/ with world.yaml, spec.yaml and the expected plans. */
public final class Scenario {
    public static final Path ROOT = CliRun.REPO.resolve("engine/src/test/resources/scenarios");
    /** kmsmig's clock in scenario runs: fixed, so a plan's created_at is the same in every run and in the golden. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    private final String name;
    private final Path dir;

    private Scenario(String name) {
        this.name = name;
        this.dir = ROOT.resolve(name);
    }

    public static Scenario named(String name) {
        return new Scenario(name);
    }

    public static Stream<String> all() throws IOException {
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    /** Copies the scenario's inputs into a fresh working directory and returns it. */
    public Path workdir(Path tmp) {
        try {
            Path work = Files.createDirectories(tmp.resolve(name));
            for (String f : List.of("world.yaml", "spec.yaml", "state.json")) {
                if (Files.exists(dir.resolve(f))) {
                    Files.copy(dir.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return work;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Extra plan arguments (the args file, one per line). */
    public List<String> args() {
        try {
            Path f = dir.resolve("args");
            return Files.exists(f)
                    ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The expected plan exit code (the exit file), 0 by default. */
    public int exit() {
        try {
            Path f = dir.resolve("exit");
            return Files.exists(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kmsmig in {@code work}, on the fixed clock, over the scenario's world in memory (no emulator, no HTTPS): a fresh
     * copy of world.yaml per run, which for plans (they write nothing) is what the sandbox would serve.
     */
    public CliRun cli(Path work) {
        try {
            MemoryCloud cloud = MemoryCloud.ofYaml(Files.readString(work.resolve("world.yaml")), CLOCK);
            return new CliRun(work).clock(CLOCK).ports(cloud.ports());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code kmsmig plan} in {@code work} with the given extra arguments, over the world in memory. */
    public CliRun.Result plan(Path work, String... extra) {
        return cli(work).run(planArgs(extra));
    }

    /**
     * Runs {@code kmsmig plan} as a user does: over the spec's sandbox, the embedded emulator reached through the real
     * SDK over HTTPS (still on the fixed clock).
     */
    public CliRun.Result planOverSandbox(Path work, String... extra) {
        return new CliRun(work).clock(CLOCK).run(planArgs(extra));
    }

    private String[] planArgs(String... extra) {
        List<String> a = new ArrayList<>(List.of("plan", "-f", "spec.yaml"));
        a.addAll(args());
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }
}
