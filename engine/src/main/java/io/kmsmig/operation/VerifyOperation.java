package io.kmsmig.operation;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.Verification;
import io.kmsmig.verify.Difference;
import io.kmsmig.verify.SecretVerification;
import io.kmsmig.verify.Verifier;
import io.kmsmig.verify.VerifyReport;
import java.util.List;

/**
 * {@code verify}: lock the state, open the regions, read the state, compare both regions for every migrated secret,
 * record each result in the state (what cutover's evidence rests on), fold, and show the report.
 */
public final class VerifyOperation {
    private final OperationContext ctx;
    private final VerifyView view;

    public VerifyOperation(OperationContext ctx, VerifyView view) {
        this.ctx = ctx;
        this.view = view;
    }

    /** Verifies; {@code viaInstance} also reads through the destination instance endpoint with the client key. */
    public VerifyReport run(boolean viaInstance) {
        MigrationSpec s = ctx.spec();
        try (StateBackend.Lock lock = ctx.backend().lock("verify", ctx.lockTimeout(), view::waitingForLock);
                Regions regions = ctx.regions().open(ctx.parallelism())) {
            if (viaInstance && regions.gatewayProblem() != null) {
                throw new KmsmigException(
                        ErrorCode.USAGE, "--via-instance cannot run: " + regions.gatewayProblem() + ".");
            }
            State state = States.readHoldingLock(ctx.backend(), s.name(), view);
            VerifyReport report =
                    new Verifier(s, regions.connections(), ctx.parallelism()).verify(state, viaInstance, ctx.clock());
            if (!report.secrets().isEmpty()) {
                record(state, report, viaInstance, regions.connections().ownPrincipals());
            }
            view.report(report);
            return report;
        }
    }

    /** Records each secret's result in the state (what cutover's evidence rests on), and folds. */
    private void record(State state, VerifyReport report, boolean viaInstance, List<String> identities) {
        try (Journal journal = ctx.backend().openJournal(state, ctx.spec().sha256())) {
            for (SecretVerification v : report.secrets()) {
                SecretState old = journal.secret(v.sourceName());
                boolean passed = v.result() == SecretVerification.Result.VERIFIED;
                Verification result = new Verification(
                        report.at(),
                        passed,
                        v.sourceFingerprint(),
                        v.destinationFingerprint(),
                        v.differences().stream().map(Difference::field).toList(),
                        viaInstance);
                journal.record(
                        old.withVerification(
                                        result, passed ? SecretStatus.VERIFIED : SecretStatus.MIGRATED, report.at())
                                .withIdentities(identities),
                        false);
            }
            journal.compact();
        }
    }
}
