package io.kmsmig.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command: picocli then prints the usage and skips the required options. */
final class HelpOption {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help: what the command does, its options, an example.")
    boolean help;
}
