package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.StateRenderer;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig state list|show}: the state file for people. Reads only. */
@Command(
        name = "state",
        description = {
            "Inspect the state file (list and show read only), or repair a damaged journal (repair).",
            "",
            "The state records, per secret, what kmsmig did: names and ARNs in both regions, migrated versions,",
            "stages, status, last action and error, verification and source deletion. Never a secret value."
        },
        subcommands = {
            StateCommand.ListCommand.class,
            StateCommand.ShowCommand.class,
            StateRepairCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig state list -f spec.yaml",
            "  kmsmig state show -f spec.yaml orders/db-password --format json",
            "  kmsmig state repair -f spec.yaml"
        })
final class StateCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    StateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        cli.err().println("kmsmig state: give a subcommand, list, show or repair.");
        return ExitCodes.USAGE;
    }

    static State load(Cli cli, SpecOption spec) {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        return StateAccess.read(cli, StateAccess.backend(cli, s, spec), s);
    }

    @Command(
            name = "list",
            description = {"List the secrets in the state with their status.", ""},
            footerHeading = "%nExample:%n",
            footer = "  kmsmig state list -f spec.yaml")
    static final class ListCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json.")
        OutputFormat format;

        ListCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            cli.out().print(StateRenderer.list(load(cli, spec), format));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "show",
            description = {"Show one secret's state record.", ""},
            footerHeading = "%nExample:%n",
            footer = "  kmsmig state show -f spec.yaml orders/db-password")
    static final class ShowCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Source secret name.")
        String name;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json.")
        OutputFormat format;

        ShowCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            SecretState s = load(cli, spec)
                    .secret(name)
                    .orElseThrow(() -> new KmsmigException(
                            ErrorCode.STATE_INVALID,
                            "The state has no secret named " + name + ". See the names with: " + cli.program()
                                    + " state list -f " + Cli.shellWord(spec.file)));
            cli.out().print(StateRenderer.show(s, format));
            return ExitCodes.OK;
        }
    }
}
