package io.kmsmig.verify;

import java.util.List;

/**
 * One secret's verify result.
 *
 * @param sourceName        name in the source
 * @param destinationName   name in the destination
 * @param result            what verify concluded
 * @param differences       what differs, typed by field (never values); empty when verified
 * @param sourceFingerprint the source fingerprint it was made against, or null when the source could not be read
 * @param destinationFingerprint the destination it was made against ({@code Fingerprints.destination}), read before
 *                          the values were compared; null when the destination could not be read
 */
public record SecretVerification(
        String sourceName,
        String destinationName,
        Result result,
        List<Difference> differences,
        String sourceFingerprint,
        String destinationFingerprint) {
    /** What verify concluded for one secret. */
    public enum Result {
        VERIFIED("verified"),
        DIFFERENT("DIFFERS"),
        ERROR("ERROR");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public SecretVerification {
        differences = List.copyOf(differences);
    }
}
