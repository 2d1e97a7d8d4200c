package io.kmsmig.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What kmsmig knows about one secret. Never a value or a hash of one.
 *
 * @param sourceRegion      source region
 * @param sourceName        name in the source
 * @param sourceArn         ARN in the source
 * @param destinationRegion destination region
 * @param destinationName   name in the destination
 * @param destinationArn    ARN in the destination, once created
 * @param type              secret type
 * @param disposition       the disposition of the last plan applied
 * @param versions          versions migrated
 * @param stages            stage label to version id, as kmsmig left the destination
 * @param status            where it stands
 * @param lastAction        the last action applied (API name), or null
 * @param lastErrorCode     the last error code, or null
 * @param updatedAt         when this record last changed
 * @param destinationDigest digest of the destination's metadata, version ids and stages as kmsmig left them
 * @param verification      the last verify, or null
 * @param sourceDeletion    set when kmsmig deleted the source secret
 * @param inFlight          an action started and not known to be done, or null
 * @param identities        the principals kmsmig has worked on this secret as (RAM user or role ARNs, see
 *                          {@code io.kmsmig.kms.Principals}), sorted, no duplicates; empty in states written before
 *                          kmsmig recorded them. Cutover counts none of their calls as use.
 */
public record SecretState(
        String sourceRegion,
        String sourceName,
        String sourceArn,
        String destinationRegion,
        String destinationName,
        String destinationArn,
        String type,
        String disposition,
        List<MigratedVersion> versions,
        Map<String, String> stages,
        SecretStatus status,
        String lastAction,
        String lastErrorCode,
        Instant updatedAt,
        String destinationDigest,
        Verification verification,
        SourceDeletion sourceDeletion,
        InFlight inFlight,
        List<String> identities) {
    public SecretState {
        versions = List.copyOf(versions);
        identities = identities == null ? List.of() : List.copyOf(new TreeSet<>(identities));
        stages = Collections.unmodifiableSortedMap(new TreeMap<>(stages));
    }

    /** A record built field by field, by name: no versions, no stages, everything else null until set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's fields, to change some by name. */
    public Builder toBuilder() {
        return new Builder()
                .sourceRegion(sourceRegion)
                .sourceName(sourceName)
                .sourceArn(sourceArn)
                .destinationRegion(destinationRegion)
                .destinationName(destinationName)
                .destinationArn(destinationArn)
                .type(type)
                .disposition(disposition)
                .versions(versions)
                .stages(stages)
                .status(status)
                .lastAction(lastAction)
                .lastErrorCode(lastErrorCode)
                .updatedAt(updatedAt)
                .destinationDigest(destinationDigest)
                .verification(verification)
                .sourceDeletion(sourceDeletion)
                .inFlight(inFlight)
                .identities(identities);
    }

    /** This record with {@code more} principals added to {@link #identities()}; itself when none is new. */
    public SecretState withIdentities(Collection<String> more) {
        if (identities.containsAll(more)) {
            return this;
        }
        List<String> all = new ArrayList<>(identities);
        all.addAll(more);
        return toBuilder().identities(all).build();
    }

    public SecretState withStatus(SecretStatus s, String action, String errorCode, Instant at) {
        return toBuilder()
                .status(s)
                .lastAction(action)
                .lastErrorCode(errorCode)
                .updatedAt(at)
                .build();
    }

    /** Sets the action in flight (status in progress, last action it) or clears it (status and last action kept). */
    public SecretState withInFlight(InFlight f, Instant at) {
        Builder b = toBuilder().inFlight(f).updatedAt(at);
        return (f == null
                        ? b
                        : b.status(SecretStatus.IN_PROGRESS)
                                .lastAction(f.action().api()))
                .build();
    }

    public SecretState withVerification(Verification v, SecretStatus s, Instant at) {
        return toBuilder().verification(v).status(s).updatedAt(at).build();
    }

    /** Sets or clears the source deletion; clears the last error code. */
    public SecretState withSourceDeletion(SourceDeletion d, SecretStatus s, String action, Instant at) {
        return toBuilder()
                .sourceDeletion(d)
                .status(s)
                .lastAction(action)
                .lastErrorCode(null)
                .updatedAt(at)
                .build();
    }

    /** Builds a {@link SecretState} by field name; each setter's meaning is the record component's of the same name. */
    public static final class Builder {
        private String sourceRegion;
        private String sourceName;
        private String sourceArn;
        private String destinationRegion;
        private String destinationName;
        private String destinationArn;
        private String type;
        private String disposition;
        private List<MigratedVersion> versions = List.of();
        private Map<String, String> stages = Map.of();
        private SecretStatus status;
        private String lastAction;
        private String lastErrorCode;
        private Instant updatedAt;
        private String destinationDigest;
        private Verification verification;
        private SourceDeletion sourceDeletion;
        private InFlight inFlight;
        private List<String> identities = List.of();

        private Builder() {}

        public Builder sourceRegion(String v) {
            sourceRegion = v;
            return this;
        }

        public Builder sourceName(String v) {
            sourceName = v;
            return this;
        }

        public Builder sourceArn(String v) {
            sourceArn = v;
            return this;
        }

        public Builder destinationRegion(String v) {
            destinationRegion = v;
            return this;
        }

        public Builder destinationName(String v) {
            destinationName = v;
            return this;
        }

        public Builder destinationArn(String v) {
            destinationArn = v;
            return this;
        }

        public Builder type(String v) {
            type = v;
            return this;
        }

        public Builder disposition(String v) {
            disposition = v;
            return this;
        }

        public Builder versions(List<MigratedVersion> v) {
            versions = v;
            return this;
        }

        public Builder stages(Map<String, String> v) {
            stages = v;
            return this;
        }

        public Builder status(SecretStatus v) {
            status = v;
            return this;
        }

        public Builder lastAction(String v) {
            lastAction = v;
            return this;
        }

        public Builder lastErrorCode(String v) {
            lastErrorCode = v;
            return this;
        }

        public Builder updatedAt(Instant v) {
            updatedAt = v;
            return this;
        }

        public Builder destinationDigest(String v) {
            destinationDigest = v;
            return this;
        }

        public Builder verification(Verification v) {
            verification = v;
            return this;
        }

        public Builder sourceDeletion(SourceDeletion v) {
            sourceDeletion = v;
            return this;
        }

        public Builder inFlight(InFlight v) {
            inFlight = v;
            return this;
        }

        public Builder identities(List<String> v) {
            identities = v;
            return this;
        }

        public SecretState build() {
            return new SecretState(
                    sourceRegion,
                    sourceName,
                    sourceArn,
                    destinationRegion,
                    destinationName,
                    destinationArn,
                    type,
                    disposition,
                    versions,
                    stages,
                    status,
                    lastAction,
                    lastErrorCode,
                    updatedAt,
                    destinationDigest,
                    verification,
                    sourceDeletion,
                    inFlight,
                    identities);
        }
    }
}
