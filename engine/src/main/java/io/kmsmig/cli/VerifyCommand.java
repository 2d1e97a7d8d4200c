package io.kmsmig.cli;

import io.kmsmig.operation.VerifyOperation;
import io.kmsmig.render.ConsoleVerifyView;
import io.kmsmig.render.OutputFormat;
import io.kmsmig.render.Style;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.verify.VerifyReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig verify}: proves both regions hold the same secrets, and records it for cutover. */
@Command(
        name = "verify",
        description = {
            "Compare both regions for every migrated secret; record the result in the state.",
            "",
            "Compares name, type, description, tags, extended config, rotation, policy, the key and instance",
            "mapping, the version ids, each version's stages, and each version's value (read on both sides and",
            "compared in memory; values are never shown). Creation times differ by design and are not compared.",
            "--via-instance also reads each secret the way the application will: through the destination KMS",
            "instance endpoint with the application's client key. Exit 0 when every secret is verified, else 1.",
            "Cutover deletes a source secret only after its last verify passed against the unchanged source."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  kmsmig verify -f examples/quickstart/migration.yaml",
            "  kmsmig verify -f spec.yaml --via-instance --format markdown"
        })
final class VerifyCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Mixin
    SpecOption spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown or json.")
    OutputFormat format;

    @Option(names = "--via-instance", description = "Also read through the KMS instance endpoint with the client key.")
    boolean viaInstance;

    @Mixin
    ParallelismOption parallelism;

    @Mixin
    LockTimeoutOption lockTimeout;

    VerifyCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        MigrationSpec s = new SpecLoader(cli.cwd()).load(spec.file);
        int p = parallelism.or(s.execution().parallelism());
        ConsoleVerifyView view = new ConsoleVerifyView(cli.out(), cli.err(), format, new Style(cli.color(false)));
        VerifyReport report =
                new VerifyOperation(StateAccess.context(cli, s, spec, p, lockTimeout.get()), view).run(viaInstance);
        return report.passed() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
