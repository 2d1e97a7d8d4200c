package io.kmsmig.kms;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One ListSecrets item (kms-openapi.md §5): no description, instance or key; those need DescribeSecret.
 *
 * @param name              secret name
 * @param type              secret type
 * @param plannedDeleteTime set when pending deletion
 * @param tags              tags (when fetched)
 */
public record SecretSummary(String name, String type, Instant plannedDeleteTime, Map<String, String> tags) {
    public SecretSummary {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }
}
