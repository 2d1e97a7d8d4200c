package io.kmsmig.kms;

import java.time.Instant;
import java.util.List;

/**
 * One ListSecretVersionIds item (kms-openapi.md §6): id, creation time, stage labels; never the value.
 *
 * @param versionId  version id
 * @param createTime when the version was created
 * @param stages     stage labels, empty for a deprecated version
 */
public record VersionInfo(String versionId, Instant createTime, List<String> stages) {
    public VersionInfo {
        stages = List.copyOf(stages);
    }
}
