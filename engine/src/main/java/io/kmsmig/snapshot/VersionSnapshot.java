package io.kmsmig.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * A secret version as listed: id, creation time, stage labels (sorted). Never its value: versions are immutable,
 * so (secret, version id) pins the content.
 *
 * @param versionId  version id
 * @param createTime creation time in its region (differs between regions by design; never compared)
 * @param stages     stage labels, sorted; empty for a deprecated version
 */
public record VersionSnapshot(String versionId, Instant createTime, List<String> stages) {
    public VersionSnapshot {
        stages = stages.stream().sorted().toList();
    }

    public boolean deprecated() {
        return stages.isEmpty();
    }
}
