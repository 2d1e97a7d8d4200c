package io.kmsmig.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kmsmig version}: the same text as {@code --version}, as a command (Terraform users type {@code version}). */
@Command(
        name = "version",
        description = {
            "Print kmsmig's version, the SDK versions it was built with, and the Java running it.",
            "",
            "The same as kmsmig --version. Reads no spec, state or KMS."
        },
        footerHeading = "%nExample:%n",
        footer = "  kmsmig version")
final class VersionCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    VersionCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        for (String line : new VersionProvider().getVersion()) {
            cli.out().println(line);
        }
        return ExitCodes.OK;
    }
}
