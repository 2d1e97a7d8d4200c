package io.kmsmig.plan;

import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.state.SecretState;
import java.util.Optional;

/**
 * The cutover decisions the planner delegates (migration procedure, step 5): whether an in-sync secret's source
 * is deleted now, and what a source secret pending deletion means.
 */
public interface CutoverRules {
    /** Returns {@code planned} unchanged, or turned into a cutover (deletion, or blocked with the evidence). */
    SecretPlan decide(
            SecretPlan planned,
            SecretSnapshot source,
            Optional<SecretSnapshot> destination,
            Optional<SecretState> state);

    /** The plan for a secret the spec no longer selects, which kmsmig deleted and which is still restorable. */
    SecretPlan excludedWhileDeleted(String sourceName, SecretState state);

    /** The plan for a selected source secret that is pending deletion (only its name is read). */
    SecretPlan pendingInSource(
            String sourceName,
            String type,
            String destinationName,
            Optional<SecretState> state,
            Optional<SecretSnapshot> destination);
}
