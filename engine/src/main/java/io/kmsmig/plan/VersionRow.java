package io.kmsmig.plan;

import java.time.Instant;
import java.util.List;

/**
 * One line of a secret's version table in a plan.
 *
 * @param versionId     version id
 * @param sourceCreated creation time in the source
 * @param stages        the source's stage labels for it
 * @param destination   what the destination has: "absent", "present", "restored", or "extra" (destination only)
 * @param happens       what the plan does with it, for people ("create", "put", "stages", "nothing")
 */
public record VersionRow(
        String versionId, Instant sourceCreated, List<String> stages, String destination, String happens) {
    public VersionRow {
        stages = List.copyOf(stages);
    }
}
