package io.kmsmig.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Chooses how to put versions and which UpdateSecretVersionStage calls to make so the destination's stage map
 * equals the source's, with the fewest calls. Every candidate is simulated on {@link StageModel} under both
 * readings of the UNCONFIRMED ACSPrevious behaviour; plans right under both are preferred, and apply re-reads
 * and corrects whatever the service did differently.
 *
 * <p>Rules used (kms-openapi.md §8, §9): default staging is confirmed; explicit VersionStages never list
 * ACSCurrent and are never empty; ACSCurrent and ACSPrevious can only be moved, never removed; custom labels can
 * be removed; a secret carries at most 8 labels at any time. A version that must end with no label, and has no
 * label to borrow, is put with the temporary label {@value #TEMP}, removed at the end.
 */
public final class StagePlanner {
    /** Temporary custom label for versions that must end with no label. */
    public static final String TEMP = "KmsmigStaging";
    /**
     * KMS keeps at most 10 versions of a secret and deletes the earliest beyond that (kms-openapi.md §0 item 6, §8
     * "Max 10 versions per generic secret"; the sandbox world schema refuses more). The search below tries up to 3
     * put modes per version, every combination, so it is exponential: 3^10 = 59,049 candidates at most for a secret
     * KMS can hold. Beyond that (no KMS answer has more) only the last 10 versions put get a choice, the earlier ones
     * are put with default staging, so the search never grows past 3^10.
     */
    static final int MAX_VERSIONS = 10;
    /** Most candidates one search simulates: 3 modes for each of at most {@link #MAX_VERSIONS} versions. */
    static final int MAX_CANDIDATES = 59_049;
    /** Plans of the most recently used shapes (many secrets share one); bounded so a long run's memory is too. */
    static final int CACHE_SIZE = 1_024;

    private static final Map<Key, Optional<StagePlan>> CACHE = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Optional<StagePlan>> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Key(
            Map<String, String> initial, Set<String> existing, List<String> toPut, Map<String, String> desired) {}

    private StagePlanner() {}

    /**
     * @param initial  label to version now (after CreateSecret, or the destination's current labels)
     * @param existing version ids present now
     * @param toPut    versions to put, in creation order
     * @param desired  label to version wanted at the end
     * @return the cheapest plan, or empty when the desired map cannot be reached (no ACSCurrent, or an
     *         ACSPrevious that exists now but is not wanted: it can never be removed)
     */
    public static Optional<StagePlan> plan(
            Map<String, String> initial, Set<String> existing, List<String> toPut, Map<String, String> desired) {
        Key key = new Key(new TreeMap<>(initial), new TreeSet<>(existing), List.copyOf(toPut), new TreeMap<>(desired));
        Optional<StagePlan> known;
        synchronized (CACHE) {
            known = CACHE.get(key);
        }
        if (known != null) {
            return known;
        }
        Optional<StagePlan> found = search(key.initial(), key.existing(), key.toPut(), key.desired())
                .plan();
        synchronized (CACHE) {
            CACHE.put(key, found);
        }
        return found;
    }

    /** Entries in the plan cache now (at most {@link #CACHE_SIZE}). */
    static int cached() {
        synchronized (CACHE) {
            return CACHE.size();
        }
    }

    private record Scored(StagePlan plan, int uncertain, int ops, int explicit) {}

    /** A search's answer, and how many candidate plans it simulated to find it. */
    record Searched(Optional<StagePlan> plan, int candidates) {}

    static Searched search(
            Map<String, String> initial, Set<String> existing, List<String> toPut, Map<String, String> desired) {
        if (!desired.containsKey(StageModel.CURRENT)) {
            return new Searched(Optional.empty(), 0);
        }
        List<List<PutMode>> options = new ArrayList<>();
        int fixed = Math.max(0, toPut.size() - MAX_VERSIONS);
        for (int i = 0; i < toPut.size(); i++) {
            List<PutMode> opts = new ArrayList<>();
            opts.add(PutMode.DEFAULT);
            if (i < fixed) {
                options.add(opts); // beyond what KMS can hold (see MAX_VERSIONS): default staging only
                continue;
            }
            List<String> wanted = explicitLabels(desired, toPut.get(i));
            if (!wanted.isEmpty()) {
                opts.add(PutMode.explicit(wanted));
            } else {
                // Borrow a label a later version takes with its own put: it leaves this one unlabelled for free.
                for (int j = i + 1; j < toPut.size(); j++) {
                    List<String> later = explicitLabels(desired, toPut.get(j));
                    if (!later.isEmpty()) {
                        opts.add(PutMode.explicit(List.of(later.get(0))));
                        break;
                    }
                }
                if (!desired.containsKey(TEMP)) {
                    opts.add(PutMode.explicit(List.of(TEMP)));
                }
            }
            options.add(opts);
        }
        Scored best = null;
        int candidates = 0;
        int[] choice = new int[toPut.size()];
        while (true) {
            candidates++;
            List<PutMode> modes = new ArrayList<>();
            for (int i = 0; i < choice.length; i++) {
                modes.add(options.get(i).get(choice[i]));
            }
            Scored s = evaluate(initial, existing, toPut, desired, modes);
            if (s != null && (best == null || ORDER.compare(s, best) < 0)) {
                best = s;
            }
            int i = choice.length - 1;
            while (i >= 0 && ++choice[i] == options.get(i).size()) {
                choice[i] = 0;
                i--;
            }
            if (i < 0) {
                break;
            }
        }
        return new Searched(Optional.ofNullable(best).map(Scored::plan), candidates);
    }

    /** The labels a version should end with, except ACSCurrent (never listed explicitly). */
    private static List<String> explicitLabels(Map<String, String> desired, String version) {
        return desired.entrySet().stream()
                .filter(e -> e.getValue().equals(version))
                .map(Map.Entry::getKey)
                .filter(l -> !l.equals(StageModel.CURRENT))
                .sorted()
                .toList();
    }

    private static final Comparator<Scored> ORDER = Comparator.comparingInt(Scored::uncertain)
            .thenComparingInt(Scored::ops)
            .thenComparingInt(Scored::explicit);

    private static Scored evaluate(
            Map<String, String> initial,
            Set<String> existing,
            List<String> toPut,
            Map<String, String> desired,
            List<PutMode> modes) {
        StageModel afterPuts = new StageModel(initial, existing, true);
        for (int i = 0; i < toPut.size(); i++) {
            afterPuts.put(toPut.get(i), modes.get(i));
        }
        List<StageOp> ops = fixups(afterPuts.labels(), desired);
        if (ops == null) {
            return null;
        }
        boolean follows = reaches(initial, existing, toPut, modes, ops, desired, true);
        boolean stays = reaches(initial, existing, toPut, modes, ops, desired, false);
        if (!follows && !stays) {
            return null;
        }
        int explicit = (int) modes.stream().filter(m -> !m.defaultStaging()).count();
        return new Scored(new StagePlan(modes, ops, follows && stays), follows && stays ? 0 : 1, ops.size(), explicit);
    }

    private static boolean reaches(
            Map<String, String> initial,
            Set<String> existing,
            List<String> toPut,
            List<PutMode> modes,
            List<StageOp> ops,
            Map<String, String> desired,
            boolean follows) {
        StageModel m = new StageModel(initial, existing, follows);
        for (int i = 0; i < toPut.size(); i++) {
            m.put(toPut.get(i), modes.get(i));
        }
        ops.forEach(m::apply);
        return m.labels().equals(new TreeMap<>(desired)) && m.peakLabels() <= StageModel.MAX_LABELS;
    }

    /**
     * The calls that turn {@code now} into {@code desired}: first remove unwanted custom labels (keeping within 8
     * labels), then move ACSCurrent (followed by an explicit ACSPrevious move, so the outcome does not depend on
     * the UNCONFIRMED shift), then ACSPrevious, then custom labels. Null when unreachable.
     */
    static List<StageOp> fixups(Map<String, String> now, Map<String, String> desired) {
        List<StageOp> ops = new ArrayList<>();
        for (var e : new TreeMap<>(now).entrySet()) {
            String label = e.getKey();
            if (!reserved(label) && !desired.containsKey(label)) {
                ops.add(StageOp.removeFrom(label, e.getValue()));
            }
        }
        String current = desired.get(StageModel.CURRENT);
        String previous = desired.get(StageModel.PREVIOUS);
        if (!current.equals(now.get(StageModel.CURRENT))) {
            ops.add(StageOp.move(StageModel.CURRENT, current));
            if (previous != null) {
                ops.add(StageOp.move(StageModel.PREVIOUS, previous));
            }
        } else if (previous != null && !previous.equals(now.get(StageModel.PREVIOUS))) {
            ops.add(StageOp.move(StageModel.PREVIOUS, previous));
        }
        if (previous == null && now.containsKey(StageModel.PREVIOUS)) {
            return null; // §9: ACSPrevious can be moved, never removed
        }
        for (var e : new TreeMap<>(desired).entrySet()) {
            if (!reserved(e.getKey()) && !e.getValue().equals(now.get(e.getKey()))) {
                ops.add(StageOp.move(e.getKey(), e.getValue()));
            }
        }
        return ops;
    }

    static boolean reserved(String label) {
        return StageModel.CURRENT.equals(label) || StageModel.PREVIOUS.equals(label);
    }
}
