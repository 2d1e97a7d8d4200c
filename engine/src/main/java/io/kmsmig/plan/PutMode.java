package io.kmsmig.plan;

import java.util.List;

/**
 * How a version is put (kms-openapi.md §8): default staging (it becomes ACSCurrent, the old ACSCurrent becomes
 * ACSPrevious), or with an explicit VersionStages list. Explicit lists never contain ACSCurrent (whether that
 * shifts ACSPrevious is UNCONFIRMED) and are never empty (whether KMS accepts [] is UNCONFIRMED).
 *
 * @param labels null for default staging, else the explicit labels
 */
public record PutMode(List<String> labels) {
    public static final PutMode DEFAULT = new PutMode(null);

    public PutMode {
        labels = labels == null ? null : List.copyOf(labels);
    }

    public static PutMode explicit(List<String> labels) {
        return new PutMode(labels);
    }

    public boolean defaultStaging() {
        return labels == null;
    }
}
