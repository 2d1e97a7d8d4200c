package io.kmsmig.snapshot;

import java.util.List;

/**
 * What the source region holds for a spec.
 *
 * @param selected        selected secrets, by name
 * @param pendingDeletion selected names skipped because they are pending deletion in the source
 */
public record SourceSnapshot(List<SecretSnapshot> selected, List<String> pendingDeletion) {
    public SourceSnapshot {
        selected = List.copyOf(selected);
        pendingDeletion = List.copyOf(pendingDeletion);
    }
}
