package io.kmsmig.emulator.world;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Stage-label rules shared by PutSecretValue and UpdateSecretVersionStage (reference §8, §9). */
final class Stages {
    static final String CURRENT = "ACSCurrent";
    static final String PREVIOUS = "ACSPrevious";
    /** §8: at most 8 stage labels per generic secret. */
    static final int MAX_LABELS = 8;
    /** §8: at most 10 versions per generic secret; the earliest unlabeled one is dropped. */
    static final int MAX_VERSIONS = 10;

    private Stages() {}

    static boolean reserved(String stage) {
        return CURRENT.equals(stage) || PREVIOUS.equals(stage);
    }

    /**
     * Attaches {@code label} to {@code to}, taking it from its holder (a label marks one version, §9 scenario 1).
     * When ACSCurrent moves and switch (a) is on, the old holder receives ACSPrevious.
     */
    static void move(Secret s, String label, Version to, Semantics sem) {
        Version old = s.holderOf(label).orElse(null);
        if (old == to) {
            return;
        }
        s.versions.forEach(v -> v.remove(label));
        to.add(label);
        if (CURRENT.equals(label) && old != null && sem.acsPreviousFollowsCurrent()) {
            s.versions.forEach(v -> v.remove(PREVIOUS));
            old.add(PREVIOUS);
        }
    }

    /** §8 default staging: the new version becomes ACSCurrent and the old ACSCurrent becomes ACSPrevious. */
    static void defaultStaging(Secret s, Version created) {
        Version old = s.holderOf(CURRENT).orElse(null);
        s.versions.forEach(v -> v.remove(CURRENT));
        created.add(CURRENT);
        if (old != null && old != created) {
            s.versions.forEach(v -> v.remove(PREVIOUS));
            old.add(PREVIOUS);
        }
    }

    /** Rejects a change that would leave more than 8 distinct labels (§8, §9). */
    static void checkLabelLimit(Secret s, List<String> adding) {
        Set<String> all = new LinkedHashSet<>(s.labels());
        all.addAll(adding);
        if (all.size() > MAX_LABELS) {
            throw KmsError.limitExceeded("a secret can carry at most " + MAX_LABELS + " version stages");
        }
    }

    /** §8: beyond 10 versions KMS deletes the earliest version that carries no stage label. */
    static void evict(Secret s) {
        while (s.versions.size() > MAX_VERSIONS) {
            Version victim = s.versions.stream()
                    .filter(v -> v.stages().isEmpty())
                    .findFirst()
                    .orElse(s.versions.get(0));
            s.versions.remove(victim);
        }
    }
}
