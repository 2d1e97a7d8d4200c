package io.kmsmig.plan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A secret's stage labels as KMS keeps them: each label marks one version (kms-openapi.md §8, §9). The planner
 * simulates calls on it. {@code acsPreviousFollows} picks one reading of the UNCONFIRMED behaviour: whether an
 * explicit move of ACSCurrent gives its old holder ACSPrevious.
 */
public final class StageModel {
    public static final String CURRENT = "ACSCurrent";
    public static final String PREVIOUS = "ACSPrevious";
    /** §8: at most 8 labels per generic secret. */
    public static final int MAX_LABELS = 8;

    private final Map<String, String> holder;
    private final Set<String> versions;
    private final boolean acsPreviousFollows;
    private int peakLabels;

    public StageModel(Map<String, String> labelToVersion, Set<String> versions, boolean acsPreviousFollows) {
        this.holder = new TreeMap<>(labelToVersion);
        this.versions = new HashSet<>(versions);
        this.acsPreviousFollows = acsPreviousFollows;
        this.peakLabels = holder.size();
    }

    /** After CreateSecret: the initial version holds ACSCurrent (§3). */
    public static StageModel created(String firstVersion, boolean acsPreviousFollows) {
        return new StageModel(Map.of(CURRENT, firstVersion), Set.of(firstVersion), acsPreviousFollows);
    }

    /** PutSecretValue of a new version (§8). */
    public void put(String version, PutMode mode) {
        versions.add(version);
        if (mode.defaultStaging()) {
            String old = holder.get(CURRENT);
            holder.put(CURRENT, version);
            if (old != null && !old.equals(version)) {
                holder.put(PREVIOUS, old);
            }
        } else {
            mode.labels().forEach(l -> move(l, version));
        }
        peakLabels = Math.max(peakLabels, holder.size());
    }

    /** UpdateSecretVersionStage (§9). */
    public void apply(StageOp op) {
        if (op.remove()) {
            if (op.version().equals(holder.get(op.label()))) {
                holder.remove(op.label());
            }
        } else {
            move(op.label(), op.version());
        }
        peakLabels = Math.max(peakLabels, holder.size());
    }

    private void move(String label, String version) {
        String old = holder.put(label, version);
        if (CURRENT.equals(label) && acsPreviousFollows && old != null && !old.equals(version)) {
            holder.put(PREVIOUS, old);
        }
    }

    /** Label to holding version, sorted by label. */
    public Map<String, String> labels() {
        return new TreeMap<>(holder);
    }

    /** The most labels the secret carried at any point (must stay within {@link #MAX_LABELS}). */
    public int peakLabels() {
        return peakLabels;
    }

    /** Version id to its sorted labels, for every version the model knows. */
    public Map<String, List<String>> byVersion() {
        Map<String, List<String>> out = new TreeMap<>();
        versions.forEach(v -> out.put(v, new ArrayList<>()));
        holder.forEach((l, v) -> out.computeIfAbsent(v, k -> new ArrayList<>()).add(l));
        out.values().forEach(l -> l.sort(null));
        return out;
    }
}
