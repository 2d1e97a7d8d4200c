package io.kmsmig.cli;

import picocli.CommandLine;

/** Test access to the command tree for tests outside this package. */
public final class CliAccess {
    private CliAccess() {}

    /** kmsmig's command tree, with a context that prints nowhere. */
    public static CommandLine commandLine() {
        return Main.commandLine(CliRun.inRepo().context());
    }
}
