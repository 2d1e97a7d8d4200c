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
            "Inspect the state (list, show and history read only), move it between a file and the spec's backend",
            "(push, pull), or repair a damaged journal (repair).",
            "",
            "The state records, per secret, what kmsmig did: names and ARNs in both regions, migrated versions,",
            "stages, status, last action and error, verification and source deletion. Never a secret value.",
            "It lives where the spec's state says: a local file (the default) or a PostgreSQL database."
        },
        subcommands = {
            StateCommand.ListCommand.class,
            StateCommand.ShowCommand.class,
            StateHistoryCommand.class,
            StatePushCommand.class,
            StatePullCommand.class,
            StateRepairCommand.class,
            CommandLine.HelpCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig state list -f spec.yaml",
            "  kmsmig state list -f spec.yaml --migrations",
            "  kmsmig state show -f spec.yaml orders/db-password --format json",
            "  kmsmig state history -f spec.yaml",
            "  kmsmig state show -f spec.yaml --serial 12",
            "  kmsmig state push -f spec.yaml state/hz-to-sh.state.json",
            "  kmsmig state pull -f spec.yaml saved.state.json",
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
        cli.err().println("kmsmig state: give a subcommand, list, show, history, push, pull or repair.");
        return ExitCodes.USAGE;
    }

    static State load(Cli cli, SpecOption spec) {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        return StateAccess.read(cli, StateAccess.backend(cli, s, spec), s);
    }

    @Command(
            name = "list",
            description = {
                "List the secrets in the state with their status; with --migrations, the migrations (spec names) the",
                "spec's state backend holds: for PostgreSQL, every migration of the spec's schema and workspace; for a",
                "file, the one it holds.",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {"  kmsmig state list -f spec.yaml", "  kmsmig state list -f spec.yaml --migrations --format json"
            })
    static final class ListCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json.")
        OutputFormat format;

        @Option(
                names = "--migrations",
                description = "List the migrations the backend holds (schemas/state-migrations.v1 as json).")
        boolean migrations;

        ListCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            if (migrations) {
                MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
                cli.out()
                        .print(StateRenderer.migrations(
                                StateAccess.backend(cli, s, spec).list(), format));
                return ExitCodes.OK;
            }
            cli.out().print(StateRenderer.list(load(cli, spec), format));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "show",
            description = {
                "Show one secret's state record, or without NAME the whole state (as text, or as the state file's",
                "JSON). --serial N shows a previous snapshot that is kept (see state history): PostgreSQL keeps the",
                "last " + StateBackends.PG_HISTORY + ", a state file one (its .backup).",
                ""
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  kmsmig state show -f spec.yaml orders/db-password",
                "  kmsmig state show -f spec.yaml --serial 12 --format json"
            })
    static final class ShowCommand implements Callable<Integer> {
        private final Cli cli;

        @Mixin
        HelpOption help;

        @Mixin
        SpecOption spec;

        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "NAME",
                description = "Source secret name; without it, the whole state.")
        String name;

        @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT", description = "text or json.")
        OutputFormat format;

        @Option(names = "--serial", paramLabel = "N", description = "A previous snapshot kept (see state history).")
        Long serial;

        ShowCommand(Cli cli) {
            this.cli = cli;
        }

        @Override
        public Integer call() {
            State state = serial == null ? load(cli, spec) : StateHistoryCommand.atSerial(cli, spec, serial);
            if (name == null) {
                cli.out().print(StateRenderer.list(state, format));
                return ExitCodes.OK;
            }
            SecretState s = state.secret(name)
                    .orElseThrow(() -> new KmsmigException(
                            ErrorCode.STATE_INVALID,
                            "The state has no secret named " + name + ". See the names with: " + cli.program()
                                    + " state list -f " + Cli.shellWord(spec.file)));
            cli.out().print(StateRenderer.show(s, format));
            return ExitCodes.OK;
        }
    }
}
