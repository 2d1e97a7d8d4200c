package io.kmsmig.cli;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kmsmig state repair -f SPEC}: drops the unreadable records from the state journal, keeping all the rest. */
@Command(
        name = "repair",
        description = {
            "Repair a damaged state journal, keeping every readable record.",
            "",
            "kmsmig recognises a record a crash cut short and skips it by itself; it stops on a damaged record that",
            "is followed by records of the same apply (bit rot, an edit by hand), and prints this command. repair takes",
            "the state lock, drops each unreadable record from <state>.journal (atomically), appends the dropped",
            "bytes to <state>.journal.damaged for inspection, and says what each was. A dropped record was one step",
            "of one secret: the state keeps that secret's previous record, and the next plan and apply read KMS and",
            "reconcile it. Never delete the journal instead: it is kmsmig's memory of what it did (deletions too)."
        },
        footerHeading = "%nExample:%n",
        footer = {"  kmsmig state repair -f spec.yaml && kmsmig plan -f spec.yaml"})
final class StateRepairCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Mixin
    LockTimeoutOption lockTimeout;

    StateRepairCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        StateBackend backend = StateAccess.backend(cli, s, spec);
        try (StateBackend.Lock lock = StateAccess.lock(cli, backend, "state repair", lockTimeout.get())) {
            StateBackend.Repair r = backend.repair();
            State state = StateAccess.read(cli, backend, s);
            if (r.dropped().isEmpty()) {
                cli.out().println("The state journal needs no repair: every record is readable.");
            } else {
                cli.out().println("Repaired " + r.journal() + ". Dropped, and kept in " + r.keptIn() + ":");
                r.dropped().forEach(d -> cli.out().println("  - " + d));
            }
            cli.out()
                    .println("The state reads: lineage " + state.lineage() + ", serial " + state.serial() + ", "
                            + state.secrets().size() + " secrets. Next: " + cli.program() + " plan -f "
                            + Cli.shellWord(spec.file));
            return ExitCodes.OK;
        }
    }
}
