package io.kmsmig.state;

import java.time.Instant;

/**
 * An action recorded as intent and not yet as done. Written (and synced) before the KMS call; a secret still
 * carrying one after a crash is reconciled by reading the destination before anything is repeated.
 *
 * @param seq       the action's seq in the plan
 * @param action    its API name
 * @param versionId the version concerned, or null
 * @param stage     the stage concerned, or null
 * @param startedAt when it was started
 */
public record InFlight(int seq, String action, String versionId, String stage, Instant startedAt) {
}
