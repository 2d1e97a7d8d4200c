package io.kmsmig.cli;

import io.kmsmig.plan.PlanFile;
import io.kmsmig.render.OutputFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kmsmig show PLANFILE}: renders a saved plan. Reads nothing else. */
@Command(
        name = "show",
        description = {
            "Show a saved plan. Reads only the plan file.",
            "",
            "Renders a plan saved with 'kmsmig plan -o PLANFILE' as text, markdown or json, exactly as it will be",
            "applied (apply re-plans and refuses a plan whose work differs). A damaged or truncated file is refused."
        },
        footerHeading = "%nExample:%n",
        footer = "  kmsmig show plan.kmsplan --format markdown")
final class ShowCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "PLANFILE", description = "A plan saved with plan -o.")
    Path planFile;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown or json.")
    OutputFormat format;

    ShowCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        PlanFile.Saved saved = PlanFile.read(cli.cwd().resolve(planFile), planFile.toString());
        PlanCommand.output(format, cli, planFile, null).print(saved.plan(), cli.out());
        return ExitCodes.OK;
    }
}
