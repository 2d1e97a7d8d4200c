package io.kmsmig.plan;

import io.kmsmig.snapshot.SecretSnapshot;
import java.util.List;

/**
 * What the plan does with one selected secret.
 *
 * @param sourceName      name in the source region
 * @param destinationName name in the destination region (after rename)
 * @param type            secret type
 * @param disposition     what happens to it
 * @param reason          why, for people
 * @param versions        the version table
 * @param actions         its actions, in order
 * @param diff            unified diff of metadata drift (description, tags, extended config, policy), or empty
 * @param warnings        things a reviewer should know
 * @param source          the source as planned against (metadata, version ids, stages; never values): the
 *                        fingerprint a saved plan is checked against, and the data apply re-creates
 */
public record SecretPlan(
        String sourceName,
        String destinationName,
        String type,
        Disposition disposition,
        String reason,
        List<VersionRow> versions,
        List<PlannedAction> actions,
        List<DiffLine> diff,
        List<Warning> warnings,
        SecretSnapshot source) {
    public SecretPlan {
        versions = List.copyOf(versions);
        actions = List.copyOf(actions);
        diff = List.copyOf(diff);
        warnings = List.copyOf(warnings);
    }

    public boolean hasChanges() {
        return actions.stream().anyMatch(a -> a.action().writes());
    }
}
