package io.kmsmig.snapshot;

import java.util.List;

/**
 * What the source region holds for a spec.
 *
 * @param selected        selected secrets, by name
 * @param pendingDeletion selected secrets pending deletion in the source, name to type (as ListSecrets gives them)
 */
public record SourceSnapshot(List<SecretSnapshot> selected, java.util.SortedMap<String, String> pendingDeletion) {
    public SourceSnapshot {
        selected = List.copyOf(selected);
        pendingDeletion = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(pendingDeletion));
    }
}
