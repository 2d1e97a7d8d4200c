package io.kmsmig.snapshot;

import io.kmsmig.kms.SecretMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One secret as read from a region: metadata, policy (instance secrets only) and versions in creation order.
 *
 * @param metadata DescribeSecret with tags
 * @param policy   the secret policy JSON, or null when not read or not applicable
 * @param versions every version, deprecated ones included, in creation order (see {@link VersionOrder})
 */
public record SecretSnapshot(SecretMetadata metadata, String policy, List<VersionSnapshot> versions) {
    public SecretSnapshot {
        versions = List.copyOf(versions);
    }

    public String name() {
        return metadata.name();
    }

    public Optional<VersionSnapshot> version(String id) {
        return versions.stream().filter(v -> v.versionId().equals(id)).findFirst();
    }

    /** Stage label to the version id holding it, sorted by label. */
    public Map<String, String> stageMap() {
        Map<String, String> out = new TreeMap<>();
        for (VersionSnapshot v : versions) {
            v.stages().forEach(s -> out.put(s, v.versionId()));
        }
        return out;
    }

    public List<String> versionIds() {
        List<String> ids = new ArrayList<>();
        versions.forEach(v -> ids.add(v.versionId()));
        return ids;
    }
}
