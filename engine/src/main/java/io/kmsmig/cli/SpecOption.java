package io.kmsmig.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code -f SPEC} option every spec-driven command takes. */
final class SpecOption {
    @Option(
            names = {"-f", "--file"},
            required = true,
            paramLabel = "SPEC",
            description = "Migration spec file (YAML, format version 1).")
    Path file;
}
