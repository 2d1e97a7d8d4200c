package io.kmsmig.emulator.actiontrail;

import java.time.Instant;
import java.util.Map;

/**
 * One ActionTrail event (reference §17.3 event schema, the fields kmsmig and users need).
 *
 * @param eventId         unique id
 * @param eventName       the API action, e.g. GetSecretValue
 * @param eventTime       when the call was served
 * @param eventRW         Read or Write
 * @param region          acsRegion
 * @param requestId       the answer's RequestId
 * @param sourceIpAddress caller's address
 * @param userAgent       caller's User-Agent header
 * @param accessKeyId     caller's AccessKeyId (or client key id on an instance gateway)
 * @param userName        RAM user of that key
 * @param resourceName    the secret name, or null
 * @param errorCode       error code, or null on success
 * @param requestParameters non-secret request parameters (never SecretData)
 */
public record AuditEvent(
        String eventId,
        String eventName,
        Instant eventTime,
        String eventRW,
        String region,
        String requestId,
        String sourceIpAddress,
        String userAgent,
        String accessKeyId,
        String userName,
        String resourceName,
        String errorCode,
        Map<String, String> requestParameters) {
    public AuditEvent {
        requestParameters = Map.copyOf(requestParameters);
    }
}
