package io.kmsmig.cutover;

import io.kmsmig.kms.ActionTrailPort;
import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.TrailEvent;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.Snapshotter;
import io.kmsmig.spec.Durations;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.Verification;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * What justifies deleting a source secret at cutover (migration procedure, step 5): the last verify passed, against
 * the source as it is now and against the destination as it is now, and ActionTrail shows no use by anyone but kmsmig
 * within the quiet period. Plan judges it from the reads it made; apply judges it again from fresh reads of that one
 * secret right before its DeleteSecret (STYLE practice 19), so a change between plan and apply keeps the source.
 */
public final class DeletionEvidence {
    private final MigrationSpec spec;
    private final UsageCheck usage;

    /** {@code own} tells kmsmig's own calls ({@link OwnCalls#of}); asked once, when the first secret is judged. */
    public DeletionEvidence(MigrationSpec spec, ActionTrailPort trail, Supplier<OwnCalls> own, Clock clock) {
        this.spec = spec;
        this.usage = new UsageCheck(trail, own, spec.cutover().trustedPrincipals(), clock);
    }

    /**
     * A judgement.
     *
     * @param blocked  why the source must be kept; empty when it may be deleted
     * @param foreign  foreign use within the quiet period, newest first (only looked up when nothing else blocks)
     * @param override the spec's {@code cutover.ignoreRecentUse} reason for this secret, or null
     * @param ignored  events in the quiet period that do not count, and why
     */
    record Judgement(
            List<String> blocked, List<TrailEvent> foreign, String override, List<UsageCheck.Ignored> ignored) {
        Judgement {
            blocked = List.copyOf(blocked);
            foreign = List.copyOf(foreign);
            ignored = List.copyOf(ignored);
        }
    }

    /** Judges from given reads of the source and the destination (plan). */
    Judgement judge(SecretSnapshot source, Optional<SecretSnapshot> destination, Verification v) {
        List<String> blocked = new ArrayList<>();
        if (v == null || !v.passed()) {
            blocked.add(
                    v == null
                            ? "not verified yet: run kmsmig verify -f " + spec.file()
                            : "the last verify (" + v.at() + ") found differences: "
                                    + String.join(", ", v.differences()));
        } else if (!Fingerprints.verifiedSource(source).equals(v.sourceFingerprint())) {
            blocked.add("the source changed since it was verified at " + v.at() + ": run kmsmig verify again");
        } else if (v.destinationFingerprint() == null) {
            blocked.add(
                    "verified at " + v.at() + " but not against a known destination (that verify did not record the "
                            + "destination it compared): run kmsmig verify -f " + spec.file());
        } else if (destination.isEmpty()
                || !Fingerprints.destination(destination.get()).equals(v.destinationFingerprint())) {
            blocked.add("destination changed since verify at " + v.at() + ": run kmsmig verify -f " + spec.file());
        }
        UsageCheck.Usage use = blocked.isEmpty()
                ? usage.use(source.name(), spec.cutover().quietPeriod())
                : new UsageCheck.Usage(List.of(), List.of(), List.of());
        List<TrailEvent> foreign = use.foreign();
        String override = spec.cutover().ignoreRecentUse().get(source.name());
        if (!foreign.isEmpty() && override == null) {
            blocked.add("still in use within the quiet period ("
                    + Durations.format(spec.cutover().quietPeriod()) + "): "
                    + evidence(foreign) + ". Move that user to "
                    + spec.destination().region()
                    + ", or wait; cutover.ignoreRecentUse overrides this" + ignoredNote(use.ignored())
                    + (use.unknownIdentities().isEmpty() ? "" : "; " + String.join("; ", use.unknownIdentities())));
        }
        return new Judgement(blocked, foreign, override, use.ignored());
    }

    /**
     * Judges again from fresh reads of one secret in both regions, right before its DeleteSecret (apply). Returns why
     * the source must be kept, or nothing when the deletion may go ahead. A source already pending deletion needs no
     * evidence: the deletion happened (an earlier apply whose answer was lost) and the call only records it.
     */
    public List<String> recheck(
            KmsPort source, KmsPort destination, String sourceName, String destinationName, Verification v) {
        Optional<SecretSnapshot> src = Snapshotter.readOne(source, sourceName);
        if (src.isEmpty()) {
            return List.of("it no longer exists in " + spec.source().region());
        }
        if (src.get().metadata().pendingDeletion()) {
            return List.of();
        }
        return judge(src.get(), Snapshotter.readOne(destination, destinationName, false), v)
                .blocked();
    }

    /**
     * "; not counted: 3 calls by kmsmig's own identities (acs:ram::1:user/migrator), 1 metadata-only read by trusted
     * principals (sec-scanner)", or empty: which events the check ignored, and why.
     */
    static String ignoredNote(List<UsageCheck.Ignored> ignored) {
        Set<String> ownWho = new TreeSet<>();
        Set<String> trustedWho = new TreeSet<>();
        int own = 0;
        int trusted = 0;
        for (UsageCheck.Ignored i : ignored) {
            if (i.own()) {
                own++;
                ownWho.add(i.principal());
            } else {
                trusted++;
                trustedWho.add(i.principal());
            }
        }
        List<String> parts = new ArrayList<>();
        if (own > 0) {
            parts.add(own + (own == 1 ? " call" : " calls") + " by kmsmig's own identities ("
                    + String.join(", ", ownWho) + ")");
        }
        if (trusted > 0) {
            parts.add(trusted + (trusted == 1 ? " metadata-only read" : " metadata-only reads") + " by principals in "
                    + "cutover.trustedPrincipals (" + String.join(", ", trustedWho) + ")");
        }
        return parts.isEmpty() ? "" : "; not counted: " + String.join(", ", parts);
    }

    /** The newest foreign call, and how many more. */
    static String evidence(List<TrailEvent> foreign) {
        return UsageCheck.describe(foreign.get(0))
                + (foreign.size() > 1 ? " (and " + (foreign.size() - 1) + " more calls)" : "");
    }
}
