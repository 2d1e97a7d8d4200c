package io.kmsmig.snapshot;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.Page;
import io.kmsmig.kms.SecretMetadata;
import io.kmsmig.kms.SecretSummary;
import io.kmsmig.kms.VersionInfo;
import io.kmsmig.parallel.ParallelRunner;
import io.kmsmig.spec.Selection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Reads snapshots with the fewest calls: ListSecrets pages (server-side filters only as a pre-filter), then per
 * selected secret one DescribeSecret and the ListSecretVersionIds pages, in parallel. Never GetSecretValue.
 */
public final class Snapshotter {
    /** ListSecrets and ListSecretVersionIds page size: the documented maximum for ListSecrets (§5). */
    static final int PAGE = 100;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final int parallelism;

    public Snapshotter(int parallelism) {
        this.parallelism = parallelism;
    }

    /** The selected source secrets; pending-deletion ones are named, not read further. */
    public SourceSnapshot readSource(KmsPort source, Selection selection) {
        List<SecretSummary> listed = listAll(source, filtersFor(selection));
        List<String> selected = new ArrayList<>();
        Map<String, String> pending = new TreeMap<>();
        SortedSet<String> otherPending = new TreeSet<>();
        for (SecretSummary s : listed) {
            if (!(selection.selectsName(s.name()) && selection.selectsTags(s.tags()))) {
                if (s.plannedDeleteTime() != null) {
                    otherPending.add(s.name());
                }
            } else {
                if (s.plannedDeleteTime() != null) {
                    pending.put(s.name(), s.type());
                } else {
                    selected.add(s.name());
                }
            }
        }
        Map<String, SecretSnapshot> read = readEach(source, selected);
        List<SecretSnapshot> out = new ArrayList<>();
        for (String name : selected.stream().sorted().toList()) {
            SecretSnapshot s = read.get(name);
            if (s == null) {
                continue; // deleted between ListSecrets and DescribeSecret
            }
            if (s.metadata().pendingDeletion()) {
                pending.put(name, s.metadata().type());
            } else {
                out.add(s);
            }
        }
        List<String> unmatched = selection.include().stream()
                .filter(g -> listed.stream().noneMatch(s -> g.matches(s.name())))
                .map(Object::toString)
                .toList();
        return new SourceSnapshot(out, new TreeMap<>(pending), otherPending, unmatched);
    }

    /**
     * The destination secrets under {@code names}. Lists the destination when that is cheaper than one
     * DescribeSecret per name (a fresh destination costs one call), else describes each name.
     */
    public DestinationSnapshot readDestination(KmsPort destination, Collection<String> names, Set<String> withPolicy) {
        if (names.isEmpty()) {
            return new DestinationSnapshot(Map.of());
        }
        Page<SecretSummary> first = destination.listSecrets(1, PAGE, null);
        int pages = (first.totalCount() + PAGE - 1) / PAGE;
        List<String> toRead;
        if (pages - 1 < names.size()) {
            Set<String> existing = new HashSet<>();
            first.items().forEach(s -> existing.add(s.name()));
            for (int p = 2; p <= pages; p++) {
                destination.listSecrets(p, PAGE, null).items().forEach(s -> existing.add(s.name()));
            }
            toRead = names.stream().filter(existing::contains).toList();
        } else {
            toRead = List.copyOf(names);
        }
        return new DestinationSnapshot(parallel(
                toRead, n -> readOne(destination, n, withPolicy.contains(n)).orElse(null)));
    }

    /** Re-reads one secret (apply's reconciliation and stale checks), with its policy when it is in an instance. */
    public static Optional<SecretSnapshot> readOne(KmsPort port, String name) {
        return readOne(port, name, true);
    }

    /**
     * Reads one secret: DescribeSecret, the ListSecretVersionIds pages, and GetSecretPolicy when asked and the
     * secret is in an instance (a destination's policy only matters when the source has one to compare).
     */
    public static Optional<SecretSnapshot> readOne(KmsPort port, String name, boolean readPolicy) {
        return port.describeSecret(name)
                .map(m -> new SecretSnapshot(m, readPolicy ? policy(port, m) : null, versions(port, name)));
    }

    /** Every version of a secret, all pages, sorted into creation order. */
    public static List<VersionSnapshot> versions(KmsPort port, String name) {
        List<VersionSnapshot> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<VersionInfo> p = port.listSecretVersionIds(name, page, PAGE);
            p.items().forEach(v -> out.add(new VersionSnapshot(v.versionId(), v.createTime(), v.stages())));
            // TotalCount semantics are UNCONFIRMED (§6): stop on a short page or when the total is reached.
            if (p.items().size() < PAGE || out.size() >= p.totalCount()) {
                break;
            }
        }
        return VersionOrder.sort(out);
    }

    /** Secret policies exist only for secrets in a KMS instance (kms-openapi.md §13). */
    private static String policy(KmsPort port, SecretMetadata m) {
        return m.kmsInstanceId() == null ? null : port.getSecretPolicy(m.name()).orElse(null);
    }

    private Map<String, SecretSnapshot> readEach(KmsPort port, List<String> names) {
        return parallel(names, name -> readOne(port, name).orElse(null));
    }

    private <T> Map<String, T> parallel(List<String> names, Function<String, T> fn) {
        List<T> read;
        try {
            read = new ParallelRunner(parallelism, "kmsmig-read").map(names, fn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KmsmigException(ErrorCode.INTERRUPTED, "Interrupted while reading secrets.");
        }
        Map<String, T> out = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) {
            if (read.get(i) != null) {
                out.put(names.get(i), read.get(i));
            }
        }
        return out;
    }

    private static List<SecretSummary> listAll(KmsPort port, String filters) {
        List<SecretSummary> out = new ArrayList<>();
        for (int page = 1; ; page++) {
            Page<SecretSummary> p = port.listSecrets(page, PAGE, filters);
            out.addAll(p.items());
            if (p.items().size() < PAGE || out.size() >= p.totalCount()) {
                return out;
            }
        }
    }

    /**
     * Server-side filters narrow the listing, but their semantics are UNCONFIRMED (§5), so kmsmig only uses ones
     * that can never drop a wanted secret under any reading (a superset), and re-applies the full selection
     * locally: the first required tag's key and value, or literal include names.
     */
    static String filtersFor(Selection selection) {
        ArrayNode filters = JSON.createArrayNode();
        if (!selection.tags().isEmpty()) {
            var first = new TreeMap<>(selection.tags()).firstEntry();
            filters.addObject().put("Key", "TagKey").putArray("Values").add(first.getKey());
            filters.addObject().put("Key", "TagValue").putArray("Values").add(first.getValue());
        } else {
            List<String> literal =
                    selection.include().stream().map(Object::toString).toList();
            if (!literal.isEmpty()
                    && literal.size() <= 10
                    && literal.stream().noneMatch(g -> g.matches(".*[*?\\[{].*"))) {
                ArrayNode values = filters.addObject().put("Key", "SecretName").putArray("Values");
                literal.forEach(values::add);
            }
        }
        return filters.isEmpty() ? null : JSON.writeValueAsString(filters);
    }
}
