package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code kmsmig state list|show}: the state file for people. Reads only. */
@Command(name = "state",
        description = {
            "Inspect the state file (list and show read only), or repair a damaged journal (repair).",
            "",
            "The state records, per secret, what kmsmig did: names and ARNs in both regions, migrated versions,",
            "stages, status, last action and error, verification and source deletion. Never a secret value."},
        subcommands = {StateCommand.ListCommand.class, StateCommand.ShowCommand.class, StateRepairCommand.class,
            CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  kmsmig state list -f spec.yaml", "  kmsmig state show -f spec.yaml orders/db-password --format json",
            "  kmsmig state repair -f spec.yaml"})
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

    @Command(name = "list", description = {"List the secrets in the state with their status.", ""},
            footerHeading = "%nExample:%n", footer = "  kmsmig state list -f spec.yaml")
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
            State st = load(cli, spec);
            if (format == OutputFormat.json) {
                cli.out().println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(StateCodec.write(st.exists() ? st : st)));
                return ExitCodes.OK;
            }
            if (!st.exists()) {
                cli.out().println("No state yet: nothing has been applied for this spec.");
                return ExitCodes.OK;
            }
            cli.out().println("State lineage " + st.lineage() + ", serial " + st.serial() + ", " + st.secrets().size()
                    + " secrets.");
            int w = st.secrets().keySet().stream().mapToInt(String::length).max().orElse(6);
            for (SecretState s : st.secrets().values()) {
                cli.out().println(String.format("  %-" + w + "s  %-14s  %s", s.sourceName(), s.status().wire(),
                        s.destinationName() + (s.lastErrorCode() == null ? "" : "  (last error " + s.lastErrorCode() + ")")));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = {"Show one secret's state record.", ""},
            footerHeading = "%nExample:%n", footer = "  kmsmig state show -f spec.yaml orders/db-password")
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
            SecretState s = load(cli, spec).secret(name).orElseThrow(() -> new KmsmigException(ErrorCode.STATE_INVALID,
                    "The state has no secret named " + name + ". See the names with: kmsmig state list -f " + spec.file));
            if (format == OutputFormat.json) {
                cli.out().println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                        .writeValueAsString(StateCodec.secret(s)));
                return ExitCodes.OK;
            }
            cli.out().println(s.sourceName() + " (" + s.type() + ")");
            cli.out().println("  source:       " + s.sourceRegion() + " " + s.sourceArn());
            cli.out().println("  destination:  " + s.destinationRegion() + " " + s.destinationName()
                    + (s.destinationArn() == null ? "" : " " + s.destinationArn()));
            cli.out().println("  status:       " + s.status().wire() + (s.lastAction() == null ? "" : ", last action "
                    + s.lastAction()) + (s.lastErrorCode() == null ? "" : ", last error " + s.lastErrorCode()));
            cli.out().println("  disposition:  " + s.disposition());
            cli.out().println("  versions:     " + s.versions().size());
            s.versions().forEach(v -> cli.out().println("    " + v.versionId() + "  source created " + v.sourceCreated()
                    + ", destination created " + v.destinationCreated()));
            cli.out().println("  stages:       " + s.stages());
            if (s.verification() != null) {
                cli.out().println("  verified:     " + (s.verification().passed() ? "passed" : "FAILED") + " at "
                        + s.verification().at() + (s.verification().differences().isEmpty() ? ""
                        : " (" + String.join(", ", s.verification().differences()) + ")"));
            }
            if (s.sourceDeletion() != null) {
                cli.out().println("  source deleted at " + s.sourceDeletion().deletedAt() + ", restorable until "
                        + s.sourceDeletion().plannedPurge());
            }
            if (s.inFlight() != null) {
                cli.out().println("  in flight:    " + s.inFlight().action() + " (an apply stopped here; the next apply "
                        + "reconciles it)");
            }
            return ExitCodes.OK;
        }
    }
}
