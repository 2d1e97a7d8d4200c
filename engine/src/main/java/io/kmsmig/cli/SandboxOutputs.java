package io.kmsmig.cli;

import io.kmsmig.spec.MigrationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files a sandbox's commands created besides the state and the world (saved plans, events files), listed in
 * {@code <sandbox.data>.outputs} so that {@code sandbox reset} removes them too and a second tour starts clean. Only
 * files kmsmig created are listed: an events file that existed before apply appended to it is the user's, and stays.
 */
final class SandboxOutputs {
    private SandboxOutputs() {}

    static Path manifest(MigrationSpec s) {
        Path data = s.sandbox().data();
        return data.resolveSibling(data.getFileName() + ".outputs");
    }

    /** Records {@code file} (created by this command) when {@code s} is a sandbox spec and the file now exists. */
    static void record(MigrationSpec s, Path file) {
        if (!s.sandboxed() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path abs = file.toAbsolutePath().normalize();
        if (listed(s).contains(abs)) {
            return;
        }
        try {
            Files.createDirectories(manifest(s).getParent());
            Files.writeString(
                    manifest(s),
                    abs + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every listed file that is still a regular file (never a link's target), then the list; what went. */
    static List<Path> remove(MigrationSpec s) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (Path p : listed(s)) {
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                removed.add(p);
            }
        }
        Files.deleteIfExists(manifest(s));
        return removed;
    }

    private static Set<Path> listed(MigrationSpec s) {
        Set<Path> out = new LinkedHashSet<>();
        try {
            if (Files.isRegularFile(manifest(s))) {
                for (String line : Files.readAllLines(manifest(s), StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && Path.of(line).isAbsolute()) {
                        out.add(Path.of(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
