package io.kmsmig.cli;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.spec.SpecSummary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kmsmig validate -f SPEC}: checks a spec without touching KMS or state. */
@Command(name = "validate",
        description = {
            "Check a spec without touching KMS or state.",
            "",
            "Checks the spec against schemas/migration-spec.v1.schema.json and the rules a schema cannot say:",
            "regions are known and differ, globs compile, no rename collisions, durations parse, referenced files",
            "exist, the state is not the sandbox world.",
            "Reports every problem at once as file:line:col: error: field: message. Exit 0 or 1."},
        footerHeading = "%nExample:%n",
        footer = "  kmsmig validate -f examples/quickstart/migration.yaml")
final class ValidateCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    ValidateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        cli.out().println("OK " + spec.file + ": " + SpecSummary.of(s));
        return ExitCodes.OK;
    }
}
