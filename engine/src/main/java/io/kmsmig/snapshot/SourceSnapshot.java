package io.kmsmig.snapshot;

import java.util.List;

/**
 * What the source region holds for a spec.
 *
 * @param selected        selected secrets, by name
 * @param pendingDeletion selected secrets pending deletion in the source, name to type (as ListSecrets gives them)
 * @param otherPending    secrets pending deletion in the source that the spec does not select (a cutover may be
 *                        undone for a secret excluded after its deletion)
 */
public record SourceSnapshot(List<SecretSnapshot> selected, java.util.SortedMap<String, String> pendingDeletion,
                             java.util.SortedSet<String> otherPending) {
    public SourceSnapshot {
        selected = List.copyOf(selected);
        pendingDeletion = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(pendingDeletion));
        otherPending = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(otherPending));
    }
}
