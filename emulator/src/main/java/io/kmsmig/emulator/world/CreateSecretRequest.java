package io.kmsmig.emulator.world;

import java.util.List;
import java.util.Map;

/**
 * CreateSecret's parameters after wire decoding (reference §3). Nullable fields were not sent.
 */
public record CreateSecretRequest(
        String name,
        String versionId,
        String data,
        String dataType,
        SecretType type,
        String encryptionKeyId,
        String kmsInstanceId,
        String description,
        List<Map.Entry<String, String>> tags,
        String extendedConfig,
        Boolean enableAutomaticRotation,
        String rotationInterval,
        String policy) {}
