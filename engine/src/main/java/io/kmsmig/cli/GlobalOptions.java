package io.kmsmig.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after the command name. */
public final class GlobalOptions {
    @Option(
            names = "--no-color",
            scope = ScopeType.INHERIT,
            description = "Plain output. Also NO_COLOR=1, or any non-terminal.")
    boolean noColor;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces on errors.")
    boolean debug;
}
