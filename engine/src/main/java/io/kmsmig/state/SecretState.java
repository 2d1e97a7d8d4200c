package io.kmsmig.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
 */
public record SecretState(String sourceRegion, String sourceName, String sourceArn, String destinationRegion,
                          String destinationName, String destinationArn, String type, String disposition,
                          List<MigratedVersion> versions, Map<String, String> stages, SecretStatus status,
                          String lastAction, String lastErrorCode, Instant updatedAt, String destinationDigest,
                          Verification verification, SourceDeletion sourceDeletion, InFlight inFlight) {
    public SecretState {
        versions = List.copyOf(versions);
        stages = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(stages));
    }

    public SecretState withStatus(SecretStatus s, String action, String errorCode, Instant at) {
        return new SecretState(sourceRegion, sourceName, sourceArn, destinationRegion, destinationName, destinationArn,
                type, disposition, versions, stages, s, action, errorCode, at, destinationDigest, verification,
                sourceDeletion, inFlight);
    }

    public SecretState withInFlight(InFlight f, Instant at) {
        return new SecretState(sourceRegion, sourceName, sourceArn, destinationRegion, destinationName, destinationArn,
                type, disposition, versions, stages, f == null ? status : SecretStatus.IN_PROGRESS,
                f == null ? lastAction : f.action(), lastErrorCode, at, destinationDigest, verification, sourceDeletion, f);
    }

    public SecretState withVerification(Verification v, SecretStatus s, Instant at) {
        return new SecretState(sourceRegion, sourceName, sourceArn, destinationRegion, destinationName, destinationArn,
                type, disposition, versions, stages, s, lastAction, lastErrorCode, at, destinationDigest, v,
                sourceDeletion, inFlight);
    }

    public SecretState withSourceDeletion(SourceDeletion d, SecretStatus s, String action, Instant at) {
        return new SecretState(sourceRegion, sourceName, sourceArn, destinationRegion, destinationName, destinationArn,
                type, disposition, versions, stages, s, action, null, at, destinationDigest, verification, d, inFlight);
    }
}
