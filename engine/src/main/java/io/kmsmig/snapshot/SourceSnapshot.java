package io.kmsmig.snapshot;

import java.util.List;

/**
 * What the source region holds for a spec.
 *
 * @param selected        selected secrets, by name
 * @param pendingDeletion selected secrets pending deletion in the source, name to type (as ListSecrets gives them)
 * @param otherPending    secrets pending deletion in the source that the spec does not select (a cutover may be
 *                        undone for a secret excluded after its deletion)
 * @param unmatchedIncludes the {@code secrets.include} globs that match no secret name the source listed, in spec
 *                        order: a reviewer must learn that a pattern selects nothing, not read "No changes"
 */
public record SourceSnapshot(List<SecretSnapshot> selected, java.util.SortedMap<String, String> pendingDeletion,
                             java.util.SortedSet<String> otherPending, List<String> unmatchedIncludes) {
    public SourceSnapshot {
        unmatchedIncludes = List.copyOf(unmatchedIncludes);
        selected = List.copyOf(selected);
        pendingDeletion = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(pendingDeletion));
        otherPending = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(otherPending));
    }

    /** A snapshot in which every include glob matched something. */
    public SourceSnapshot(List<SecretSnapshot> selected, java.util.SortedMap<String, String> pendingDeletion,
                          java.util.SortedSet<String> otherPending) {
        this(selected, pendingDeletion, otherPending, List.of());
    }
}
