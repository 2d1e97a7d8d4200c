package io.kmsmig.kms;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * DescribeSecret with FetchTags (kms-openapi.md §4), plus the policy when the secret is in an instance.
 *
 * @param name              secret name
 * @param arn               its ARN
 * @param type              Generic, Rds, Redis, PolarDB, RAMCredentials or ECS
 * @param description       description, or null
 * @param kmsInstanceId     the KMS instance holding it, or null (KMS 1.0, outside any instance)
 * @param encryptionKeyId   the key encrypting it, or null
 * @param tags              tag key to value
 * @param extendedConfig    JSON text for managed types, or null
 * @param rotationEnabled   automatic rotation on
 * @param rotationInterval  interval like {@code 604800s}, or null
 * @param plannedDeleteTime set when pending deletion
 * @param createTime        when it was created
 */
public record SecretMetadata(
        String name,
        String arn,
        String type,
        String description,
        String kmsInstanceId,
        String encryptionKeyId,
        Map<String, String> tags,
        String extendedConfig,
        boolean rotationEnabled,
        String rotationInterval,
        Instant plannedDeleteTime,
        Instant createTime) {
    public SecretMetadata {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    /** {@link #arn} read by the adapter's one reader of KMS's ARN text, or empty when KMS gave none in that form. */
    public Optional<SecretArn> secretArn() {
        return SecretArn.of(arn);
    }

    public boolean pendingDeletion() {
        return plannedDeleteTime != null;
    }

    public boolean generic() {
        return secretType() == SecretType.GENERIC;
    }

    /** {@link #type} as the engine compares it. */
    public SecretType secretType() {
        return SecretType.of(type);
    }
}
