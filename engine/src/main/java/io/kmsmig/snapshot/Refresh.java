package io.kmsmig.snapshot;

import io.kmsmig.kms.Connections;
import io.kmsmig.kms.SecretType;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.State;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything plan reads, in order: the source snapshot, preflight of the destination, then the destination
 * refresh of every mapped name.
 *
 * @param source      the source snapshot
 * @param destination the destination refresh
 * @param preflight   destination checks
 */
public record Refresh(SourceSnapshot source, DestinationSnapshot destination, Preflight preflight) {
    public static Refresh read(MigrationSpec spec, Connections c, int parallelism, State state) {
        Snapshotter snap = new Snapshotter(parallelism);
        SourceSnapshot source = snap.readSource(c.source(), spec.selection());
        // Secrets kmsmig deleted at cutover and the spec no longer selects: are they still restorable?
        SortedSet<String> otherPending = new TreeSet<>(source.otherPending());
        for (var s : state.secrets().values()) {
            boolean seen = source.pendingDeletion().containsKey(s.sourceName())
                    || otherPending.contains(s.sourceName())
                    || source.selected().stream().anyMatch(x -> x.name().equals(s.sourceName()));
            if (s.sourceDeletion() != null && !seen) {
                c.source()
                        .describeSecret(s.sourceName())
                        .filter(m -> m.pendingDeletion())
                        .ifPresent(m -> otherPending.add(s.sourceName()));
            }
        }
        source = new SourceSnapshot(
                source.selected(), source.pendingDeletion(), otherPending, source.unmatchedIncludes());
        Preflight preflight = Preflight.check(spec, c.destination());
        List<String> names = new ArrayList<>();
        Set<String> withPolicy = new HashSet<>();
        source.selected().forEach(s -> {
            String d = s.metadata().secretType() == SecretType.RAM_CREDENTIALS
                    ? s.name()
                    : spec.selection().destinationName(s.name());
            names.add(d);
            if (s.policy() != null) {
                withPolicy.add(d);
            }
        });
        source.pendingDeletion().forEach((n, type) -> {
            names.add(spec.selection().destinationName(n));
            // a re-created RAM secret is where KMS named it (from the user's display name), as the state recorded
            if (SecretType.isRam(type)) {
                state.secret(n).ifPresent(s -> names.add(s.destinationName()));
            }
        });
        return new Refresh(
                source,
                snap.readDestination(
                        c.destination(), names.stream().distinct().sorted().toList(), withPolicy),
                preflight);
    }
}
