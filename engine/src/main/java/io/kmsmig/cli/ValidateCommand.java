package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.ValidateJson;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.spec.SpecSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig validate -f SPEC}: checks a spec without touching KMS or state. */
@Command(
        name = "validate",
        description = {
            "Check a spec without touching KMS or state.",
            "",
            "Checks the spec against schemas/migration-spec.v1.schema.json and the rules a schema cannot say:",
            "regions are known and differ, globs compile, no rename collisions, durations parse, referenced files",
            "exist, the state is not the sandbox world.",
            "Reports every problem at once as file:line:col: error: field: message. Exit 0 or 1."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  kmsmig validate -f examples/quickstart/migration.yaml",
            "  kmsmig validate -f spec.yaml --format json"
        })
final class ValidateCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text or json (schemas/validate.v1.schema.json: valid, and every problem with its line).")
    OutputFormat format;

    ValidateCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (format == OutputFormat.markdown) {
            throw new CommandLine.ParameterException(new CommandLine(this), "validate --format takes text or json");
        }
        if (format == OutputFormat.json) {
            return json();
        }
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        cli.out().println("OK " + spec.file + ": " + SpecSummary.of(s));
        return ExitCodes.OK;
    }

    /** The result as one JSON document on stdout, valid or not; exit 0 or 1 as with text. */
    private int json() {
        String file = spec.file.toString();
        try {
            MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
            cli.out().print(ValidateJson.render(file, s.name(), SpecSummary.of(s), null, List.of()));
            return ExitCodes.OK;
        } catch (KmsmigException e) {
            if (e.code() != ErrorCode.SPEC_INVALID) {
                throw e;
            }
            cli.out().print(ValidateJson.render(file, null, null, e.getMessage(), e.diagnostics()));
            return ExitCodes.ERROR;
        }
    }
}
