package io.kmsmig.kms;

import java.time.Instant;

/**
 * One ActionTrail event on a secret (kms-openapi.md §17.3, §19), the fields cutover attributes it by and shows as
 * evidence.
 *
 * @param eventName    API action, e.g. GetSecretValue
 * @param eventTime    when
 * @param accessKeyId  caller's access key (an STS key id rotates with every session)
 * @param userName     caller's RAM user name, or {@code <role>:<session>} for an assumed role
 * @param userAgent    caller's User-Agent
 * @param sourceIp     caller's address
 * @param identityType {@code userIdentity.type}: ram-user, assumed-role, root-account; empty when not given
 * @param principal    the caller's principal ({@link Principals}), or null when the event names none
 */
public record TrailEvent(
        String eventName,
        Instant eventTime,
        String accessKeyId,
        String userName,
        String userAgent,
        String sourceIp,
        String identityType,
        String principal) {
    /** An event that names its caller by access key and user name only. */
    public TrailEvent(
            String eventName,
            Instant eventTime,
            String accessKeyId,
            String userName,
            String userAgent,
            String sourceIp) {
        this(eventName, eventTime, accessKeyId, userName, userAgent, sourceIp, "", null);
    }
}
