package io.kmsmig.cutover;

import io.kmsmig.kms.Connections;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What identifies kmsmig's own calls to the use check: the principals of this migration (every identity recorded in
 * the state by earlier runs, whatever key they signed with, plus this run's), and this run's access key ids (the
 * fallback for events that name no principal, or when STS did not say who a credential is).
 *
 * @param principals   principal ARNs ({@link io.kmsmig.kms.Principals}), sorted
 * @param accessKeyIds access key ids this run signs with
 * @param problems     why an identity of this run is unknown, for the plan to say
 * @param planners     principals only a saved plan says it was made as: a plan file is no seal (its checksum can be
 *                     recomputed), so they excuse only what a plan run calls, the metadata reads (never
 *                     GetSecretValue, Snapshotter), and are not in {@code principals}
 */
public record OwnCalls(Set<String> principals, Set<String> accessKeyIds, List<String> problems, Set<String> planners) {
    public OwnCalls {
        principals = Collections.unmodifiableSortedSet(new TreeSet<>(principals));
        planners = Collections.unmodifiableSortedSet(new TreeSet<>(planners));
        accessKeyIds = Set.copyOf(accessKeyIds);
        problems = List.copyOf(problems);
    }

    /**
     * This run's identities and keys from {@code c}, plus the identities recorded in {@code state} and
     * {@code planned} (those of the run that made the plan being applied); asked once.
     */
    public static Supplier<OwnCalls> of(Connections c, Supplier<State> state, Collection<String> planned) {
        return new Supplier<>() {
            private OwnCalls known;

            @Override
            public synchronized OwnCalls get() {
                if (known == null) {
                    Set<String> principals = new TreeSet<>(recorded(state.get()));
                    c.ownIdentities().forEach(i -> principals.add(i.principal()));
                    Set<String> planners = new TreeSet<>(planned);
                    planners.removeAll(principals);
                    known = new OwnCalls(principals, c.ownAccessKeyIds(), c.identityProblems(), planners);
                }
                return known;
            }
        };
    }

    /** Every identity the state records kmsmig used, over all its secrets. */
    static Set<String> recorded(State state) {
        Set<String> out = new TreeSet<>();
        if (state != null) {
            for (SecretState s : state.secrets().values()) {
                out.addAll(s.identities());
            }
        }
        return out;
    }
}
