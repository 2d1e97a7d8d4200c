package io.kmsmig.scenarios;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A golden scenario: a folder under scenarios/ with world.yaml, spec.yaml and the expected plans. */
public final class Scenario {
    public static final Path ROOT = CliRun.REPO.resolve("engine/src/test/resources/scenarios");

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
            return Files.exists(f) ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList() : List.of();
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

    /** Runs {@code kmsmig plan} in {@code work} with the given extra arguments. */
    public CliRun.Result plan(Path work, String... extra) {
        List<String> a = new ArrayList<>(List.of("plan", "-f", "spec.yaml"));
        a.addAll(args());
        a.addAll(List.of(extra));
        return new CliRun(work).run(a.toArray(new String[0]));
    }
}
