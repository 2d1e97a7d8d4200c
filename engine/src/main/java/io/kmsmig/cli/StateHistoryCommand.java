package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.StateRenderer;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig state history -f SPEC}: the current state and the previous snapshots the backend keeps. Reads only. */
@Command(
        name = "history",
        description = {
            "List the current state and the previous snapshots kept: serial, lineage, when, how many secrets.",
            "",
            "Each apply, verify or cutover folds its changes into a new snapshot; the one before is kept. A PostgreSQL",
            "state keeps the last " + StateBackends.PG_HISTORY + ", a state file one (<state>.backup). Show a kept",
            "snapshot with state show --serial N; save it as a file with state show --serial N --format json."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig state history -f spec.yaml",
            "  kmsmig state show -f spec.yaml --serial 12 --format json > serial-12.state.json"
        })
final class StateHistoryCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "FORMAT",
            description = "text or json (schemas/state-history.v1).")
    OutputFormat format;

    StateHistoryCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        StateBackend backend = StateAccess.backend(cli, s, spec);
        State current = StateAccess.read(cli, backend, s);
        cli.out()
                .print(StateRenderer.history(
                        current,
                        backend.history(backend.historyDepth()),
                        backend.historyDepth(),
                        StateBackends.kept(cli, s, backend),
                        format));
        return ExitCodes.OK;
    }

    /** The state at {@code serial}: the current one, or a kept snapshot; else says which are kept. */
    static State atSerial(Cli cli, SpecOption spec, long serial) {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        StateBackend backend = StateAccess.backend(cli, s, spec);
        State current = StateAccess.read(cli, backend, s);
        if (current.exists() && current.serial() == serial) {
            return current;
        }
        List<State> kept = backend.history(backend.historyDepth());
        for (State h : kept) {
            if (h.serial() == serial) {
                return h;
            }
        }
        throw new KmsmigException(
                ErrorCode.STATE_INVALID,
                "Serial " + serial + " is not kept. "
                        + (current.exists()
                                ? "The state is at serial " + current.serial() + "; kept before it: "
                                        + (kept.isEmpty()
                                                ? "none"
                                                : kept.stream()
                                                        .map(h -> String.valueOf(h.serial()))
                                                        .collect(Collectors.joining(", ")))
                                        + ". "
                                : "There is no state yet. ")
                        + StateBackends.kept(cli, s, backend)
                                .replace("State history of ", "The state of ")
                                .replaceAll(":$", ".")
                        + " See them with: " + cli.program() + " state history -f " + Cli.shellWord(spec.file));
    }
}
