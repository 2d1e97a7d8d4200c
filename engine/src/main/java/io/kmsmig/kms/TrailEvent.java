package io.kmsmig.kms;

import java.time.Instant;

/**
 * One ActionTrail event on a secret (kms-openapi.md §17.3), the fields cutover shows as evidence.
 *
 * @param eventName   API action, e.g. GetSecretValue
 * @param eventTime   when
 * @param accessKeyId caller's access key
 * @param userName    caller's RAM user
 * @param userAgent   caller's User-Agent
 * @param sourceIp    caller's address
 */
public record TrailEvent(String eventName, Instant eventTime, String accessKeyId, String userName, String userAgent,
                         String sourceIp) {
}
