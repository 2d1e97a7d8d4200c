package io.kmsmig.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: lists the verbs, the exit codes, and where to start. */
@Command(
        name = "kmsmig",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = {
            "Migrates Alibaba Cloud KMS secrets from one region to another, the way Terraform manages infrastructure:",
            "declare the migration in a YAML spec, review a plan, apply it, verify both regions, then cut over.",
            "",
            "Plans and state never hold secret values: both are safe to commit and to upload as CI artifacts.",
            "",
            "Start with the sandbox (an embedded local KMS, no cloud account needed):",
            "  kmsmig plan -f examples/quickstart/migration.yaml",
            ""
        },
        commandListHeading = "%nCommands:%n",
        // the subcommands: COMMANDS, added by CommandTree
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0    success (plan: no changes, or changes without --detailed-exitcode)",
            "  1    error: bad input, a failed call, a stale plan, a conflict, failed secrets",
            "  2    plan --detailed-exitcode only: success, changes present",
            "  64   usage error: unknown command or option, missing argument, bad option value",
            "  130  interrupted (Ctrl-C); progress is saved in the state file",
            "",
            "Run 'kmsmig help COMMAND' for a command's options and an example.",
            "Environment: NO_COLOR disables colour. ALIBABA_CLOUD_ACCESS_KEY_ID and",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET feed credentials profile 'default'."
        })
final class KmsmigCommand implements Callable<Integer> {
    /** kmsmig's commands, in the order its help lists them. */
    static final List<Class<?>> COMMANDS = List.of(
            ValidateCommand.class,
            PlanCommand.class,
            ShowCommand.class,
            ApplyCommand.class,
            VerifyCommand.class,
            PolicyCommand.class,
            StateCommand.class,
            ForceUnlockCommand.class,
            SandboxCommand.class,
            EmulatorCommand.class,
            BenchCommand.class,
            VersionCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class);

    private final Cli cli;

    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    KmsmigCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.err().println("kmsmig: a command is needed.");
        spec.commandLine().usage(cli.err());
        return ExitCodes.USAGE;
    }
}
