package io.kmsmig.plan;

import io.kmsmig.kms.SecretType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one planned action does, typed: the data apply executes (STYLE 18). The parameter summary people read is
 * derived from it ({@link PayloadSummary}) and never read back. Each kind reaches its executor through
 * {@link Visitor}: adding a kind fails to compile until every executor says what it does with it.
 */
public sealed interface Payload {
    /** The KMS API it calls. */
    Action action();

    /** The version concerned, or null. */
    default String versionId() {
        return null;
    }

    /** The stage label concerned, or null. */
    default String stage() {
        return null;
    }

    <R> R accept(Visitor<R> v);

    /** One method per kind: the executor of a kind is the visitor's method for it. */
    interface Visitor<R> {
        R create(Create c);

        R createRam(CreateRam c);

        R put(Put p);

        R moveStage(MoveStage m);

        R updateDescription(UpdateDescription u);

        R tag(Tag t);

        R untag(Untag u);

        R rotation(Rotation r);

        R setPolicy(SetPolicy p);

        R delete(Delete d);

        R restore(Restore r);

        R manual(Manual m);
    }

    /**
     * CreateSecret of a re-created secret with its oldest version (§3), which becomes ACSCurrent.
     *
     * @param description null for none
     * @param copyPolicy  whether the source's secret policy (in the plan's source fingerprint) is passed along
     */
    record Create(
            SecretType secretType,
            String versionId,
            String kmsInstanceId,
            String encryptionKeyId,
            String description,
            Map<String, String> tags,
            boolean copyPolicy)
            implements Payload {
        public Create {
            tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        }

        @Override
        public Action action() {
            return Action.CREATE_SECRET;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.create(this);
        }
    }

    /** CreateSecret of a RAM secret with {@code SecretName=$Auto} and the source's extended config (§3, §12). */
    record CreateRam(String kmsInstanceId, String encryptionKeyId) implements Payload {
        @Override
        public Action action() {
            return Action.CREATE_SECRET;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.createRam(this);
        }
    }

    /**
     * PutSecretValue (§8).
     *
     * @param stages empty for default staging (the version becomes ACSCurrent), else the explicit VersionStages
     */
    record Put(String versionId, Optional<List<String>> stages) implements Payload {
        public Put {
            stages = stages.map(List::copyOf);
        }

        @Override
        public Action action() {
            return Action.PUT_SECRET_VALUE;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.put(this);
        }
    }

    /**
     * UpdateSecretVersionStage (§9): takes {@code stage} off {@code fromVersion} and/or puts it on {@code toVersion}.
     * The planner sets exactly one of the two.
     */
    record MoveStage(String stage, String fromVersion, String toVersion) implements Payload {
        public MoveStage {
            if (fromVersion == null && toVersion == null) {
                throw new IllegalArgumentException(
                        "a stage move needs a version to take " + stage + " from or move it to");
            }
        }

        @Override
        public Action action() {
            return Action.UPDATE_SECRET_VERSION_STAGE;
        }

        @Override
        public String versionId() {
            return toVersion != null ? toVersion : fromVersion;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.moveStage(this);
        }
    }

    /** UpdateSecret with the source's description ({@code null}: none). */
    record UpdateDescription(String description) implements Payload {
        @Override
        public Action action() {
            return Action.UPDATE_SECRET;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.updateDescription(this);
        }
    }

    /** TagResources with the tags missing or different in the destination. */
    record Tag(Map<String, String> tags) implements Payload {
        public Tag {
            tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        }

        @Override
        public Action action() {
            return Action.TAG_RESOURCES;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.tag(this);
        }
    }

    /** UntagResources with the keys the source does not have, each exactly as KMS holds it. */
    record Untag(List<String> keys) implements Payload {
        public Untag {
            keys = List.copyOf(keys);
        }

        @Override
        public Action action() {
            return Action.UNTAG_RESOURCES;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.untag(this);
        }
    }

    /** UpdateSecretRotationPolicy (§10). {@code interval} is KMS's own text (e.g. 30d), or null. */
    record Rotation(boolean enabled, String interval) implements Payload {
        @Override
        public Action action() {
            return Action.UPDATE_SECRET_ROTATION_POLICY;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.rotation(this);
        }
    }

    /** SetSecretPolicy with the source's policy text (in the plan's source fingerprint). */
    record SetPolicy(String policyName) implements Payload {
        @Override
        public Action action() {
            return Action.SET_SECRET_POLICY;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.setPolicy(this);
        }
    }

    /**
     * DeleteSecret in the source (§11): with a recovery window, or forced without one ({@code windowDays} is then 0).
     */
    record Delete(int windowDays, boolean force) implements Payload {
        public Delete {
            if (force ? windowDays != 0 : windowDays < 1) {
                throw new IllegalArgumentException("a deletion is forced (window 0) or has a recovery window of 1 day "
                        + "or more, not force=" + force + " with " + windowDays + " days");
            }
        }

        public static Delete withWindow(int days) {
            return new Delete(days, false);
        }

        public static Delete forced() {
            return new Delete(0, true);
        }

        @Override
        public Action action() {
            return Action.DELETE_SECRET;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.delete(this);
        }
    }

    /** RestoreSecret in the source, within its recovery window (§11). */
    record Restore() implements Payload {
        @Override
        public Action action() {
            return Action.RESTORE_SECRET;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.restore(this);
        }
    }

    /** A step a person does (a KMS instance's backup and restore); kmsmig writes nothing for it. */
    record Manual(String sourceInstance, String destinationInstance, List<String> steps) implements Payload {
        public Manual {
            steps = List.copyOf(steps);
        }

        @Override
        public Action action() {
            return Action.MANUAL;
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.manual(this);
        }
    }
}
