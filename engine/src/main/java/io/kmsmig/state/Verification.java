package io.kmsmig.state;

import java.time.Instant;
import java.util.List;

/**
 * The last verify of a secret.
 *
 * @param at                     when
 * @param passed                 whether both regions matched
 * @param sourceFingerprint      the source fingerprint it was made against (cutover requires the source unchanged since)
 * @param destinationFingerprint the destination it was made against ({@code Fingerprints.destination}: metadata, version
 *                               ids, their creation times and stages); cutover requires it unchanged since. Null when
 *                               the destination could not be read, or in a state written before kmsmig recorded it:
 *                               such a verification does not count for cutover until verify runs again
 * @param differences            what differed, by field (never values)
 * @param viaInstance            whether the application path was read too
 */
public record Verification(
        Instant at,
        boolean passed,
        String sourceFingerprint,
        String destinationFingerprint,
        List<String> differences,
        boolean viaInstance) {
    public Verification {
        differences = List.copyOf(differences);
    }
}
