package io.kmsmig.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

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
public record SourceSnapshot(
        List<SecretSnapshot> selected,
        SortedMap<String, String> pendingDeletion,
        SortedSet<String> otherPending,
        List<String> unmatchedIncludes) {
    public SourceSnapshot {
        unmatchedIncludes = List.copyOf(unmatchedIncludes);
        selected = List.copyOf(selected);
        pendingDeletion = Collections.unmodifiableSortedMap(new TreeMap<>(pendingDeletion));
        otherPending = Collections.unmodifiableSortedSet(new TreeSet<>(otherPending));
    }

    /** A snapshot in which every include glob matched something. */
    public SourceSnapshot(
            List<SecretSnapshot> selected, SortedMap<String, String> pendingDeletion, SortedSet<String> otherPending) {
        this(selected, pendingDeletion, otherPending, List.of());
    }
}
