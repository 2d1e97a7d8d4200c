package io.kmsmig.cli;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.render.Style;
import io.kmsmig.render.VerifyRenderer;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateLock;
import io.kmsmig.state.StateStore;
import io.kmsmig.state.Verification;
import io.kmsmig.verify.SecretVerification;
import io.kmsmig.verify.VerifyReport;
import io.kmsmig.verify.Verifier;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kmsmig verify}: proves both regions hold the same secrets, and records it for cutover. */
@Command(name = "verify",
        description = {
            "Compare both regions for every migrated secret; record the result in the state.",
            "",
            "Compares name, type, description, tags, extended config, rotation, policy, the key and instance",
            "mapping, the version ids, each version's stages, and each version's value (read on both sides and",
            "compared in memory; values are never shown). Creation times differ by design and are not compared.",
            "--via-instance also reads each secret the way the application will: through the destination KMS",
            "instance endpoint with the application's client key. Exit 0 when every secret is verified, else 1.",
            "Cutover deletes a source secret only after its last verify passed against the unchanged source."},
        footerHeading = "%nExamples:%n",
        footer = {"  kmsmig verify -f examples/quickstart/migration.yaml",
            "  kmsmig verify -f spec.yaml --via-instance --format markdown"})
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
        try (StateLock lock = StateAccess.lock(cli, s, "verify", lockTimeout.get());
             Workspace ws = Workspace.open(cli, s, p)) {
            if (viaInstance && ws.gatewayProblem() != null) {
                throw new KmsmigException(ErrorCode.USAGE, "--via-instance cannot run: " + ws.gatewayProblem() + ".");
            }
            StateStore store = StateAccess.store(cli, s, spec);
            State state = StateAccess.readAndRepair(cli, store, s);
            VerifyReport report = new Verifier(s, ws.connections(), p).verify(state, viaInstance, cli.clock());
            if (!report.secrets().isEmpty()) {
                try (Journal journal = store.openJournal(state, s.sha256())) {
                    for (SecretVerification v : report.secrets()) {
                        SecretState old = journal.secret(v.sourceName());
                        boolean passed = v.result() == SecretVerification.Result.VERIFIED;
                        journal.record(old.withVerification(new Verification(report.at(), passed, v.sourceFingerprint(),
                                v.destinationFingerprint(), v.differences().stream().map(VerifyCommand::field).toList(), viaInstance),
                                passed ? SecretStatus.VERIFIED : SecretStatus.MIGRATED, report.at()), false);
                    }
                    journal.compact();
                }
            }
            VerifyRenderer r = new VerifyRenderer(new Style(cli.color(false)));
            cli.out().print(switch (format) {
                case json -> r.json(report);
                case markdown -> r.markdown(report);
                default -> r.text(report);
            });
            return report.passed() ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }

    /** The differing field, for the state (the text up to the first colon, or the whole short text). */
    static String field(String difference) {
        int colon = difference.indexOf(':');
        return colon > 0 && colon < 40 ? difference.substring(0, colon) : difference;
    }
}
