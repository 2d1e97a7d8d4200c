package io.kmsmig.kms;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * CreateSecret's parameters (kms-openapi.md §3).
 *
 * @param name             secret name ({@code $Auto} for RAM secrets)
 * @param type             secret type
 * @param versionId        the initial version's id
 * @param value            the initial version's value
 * @param kmsInstanceId    destination instance
 * @param encryptionKeyId  destination key
 * @param description      description, or null
 * @param tags             tags
 * @param extendedConfig   JSON for managed types, or null
 * @param rotationEnabled  automatic rotation (managed types)
 * @param rotationInterval like 30d, or null
 * @param policy           secret policy JSON, or null
 */
public record NewSecret(
        String name,
        String type,
        String versionId,
        SecretValue value,
        String kmsInstanceId,
        String encryptionKeyId,
        String description,
        Map<String, String> tags,
        String extendedConfig,
        boolean rotationEnabled,
        String rotationInterval,
        String policy) {
    public NewSecret {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }
}
