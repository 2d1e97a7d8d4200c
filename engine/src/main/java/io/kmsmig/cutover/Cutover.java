package io.kmsmig.cutover;

import io.kmsmig.plan.CutoverRules;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.SecretState;
import java.util.List;
import java.util.Optional;

/** The cutover rules of one plan. */
public final class Cutover implements CutoverRules {
    private final MigrationSpec spec;

    public Cutover(MigrationSpec spec) {
        this.spec = spec;
    }

    @Override
    public SecretPlan decide(SecretPlan planned, SecretSnapshot source, Optional<SecretSnapshot> destination,
                             Optional<SecretState> state) {
        return planned;
    }

    @Override
    public SecretPlan pendingInSource(String sourceName, String type, String destinationName,
                                      Optional<SecretState> state, Optional<SecretSnapshot> destination) {
        return new SecretPlan(sourceName, destinationName, type, Disposition.SOURCE_PENDING_DELETION,
                "pending deletion in " + spec.source().region() + ", and not by kmsmig: skipped",
                List.of(), List.of(), List.of(), List.of(), null);
    }
}
