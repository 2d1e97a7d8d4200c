package io.kmsmig.state;

import java.time.Instant;
import java.util.List;

/**
 * The last verify of a secret.
 *
 * @param at                when
 * @param passed            whether both regions matched
 * @param sourceFingerprint the source fingerprint it was made against (cutover requires the source unchanged since)
 * @param differences       what differed, by field (never values)
 * @param viaInstance       whether the application path was read too
 */
public record Verification(Instant at, boolean passed, String sourceFingerprint, List<String> differences,
                           boolean viaInstance) {
    public Verification {
        differences = List.copyOf(differences);
    }
}
