package io.kmsmig.kms;

import java.util.Map;

/**
 * Client-side rate-limit groups, one token bucket per region and group, with defaults from the KMS quota table
 * (kms-openapi.md §16). Rows the reference marks UNCONFIRMED use the same assumptions as the emulator; a test
 * keeps the two tables equal, so client limits match the server's and kmsmig never throttles itself.
 */
public enum ApiGroup {
    SECRET_CREATE_DELETE("secretCreateDelete", 10),
    SECRET_READ("secretRead", 450),
    SECRET_LIST("secretList", 450),
    SECRET_WRITE("secretWrite", 100),
    KEY_READ("keyRead", 50),
    INSTANCE_READ("instanceRead", 50),
    ACTION_TRAIL("actionTrail", 2);

    private static final Map<String, ApiGroup> BY_ACTION = Map.ofEntries(
            Map.entry("CreateSecret", SECRET_CREATE_DELETE),
            Map.entry("DeleteSecret", SECRET_CREATE_DELETE),
            Map.entry("DescribeSecret", SECRET_READ),
            Map.entry("GetSecretValue", SECRET_READ),
            Map.entry("GetSecretPolicy", SECRET_READ),
            Map.entry("ListSecrets", SECRET_LIST),
            Map.entry("ListSecretVersionIds", SECRET_LIST),
            Map.entry("PutSecretValue", SECRET_WRITE),
            Map.entry("UpdateSecretVersionStage", SECRET_WRITE),
            Map.entry("UpdateSecret", SECRET_WRITE),
            Map.entry("UpdateSecretRotationPolicy", SECRET_WRITE),
            Map.entry("RestoreSecret", SECRET_WRITE),
            Map.entry("SetSecretPolicy", SECRET_WRITE),
            Map.entry("TagResources", SECRET_WRITE),
            Map.entry("UntagResources", SECRET_WRITE),
            Map.entry("DescribeKey", KEY_READ),
            Map.entry("GetKmsInstance", INSTANCE_READ),
            Map.entry("LookupEvents", ACTION_TRAIL));

    private final String key;
    private final double defaultQps;

    ApiGroup(String key, double defaultQps) {
        this.key = key;
        this.defaultQps = defaultQps;
    }

    /** The name used in specs ({@code execution.rateLimits}). */
    public String key() {
        return key;
    }

    public double defaultQps() {
        return defaultQps;
    }

    public static ApiGroup of(String action) {
        ApiGroup g = BY_ACTION.get(action);
        if (g == null) {
            throw new IllegalArgumentException("no rate-limit group for " + action);
        }
        return g;
    }

    /** The group named {@code key} (e.g. secretCreateDelete). */
    public static ApiGroup byKey(String key) {
        for (ApiGroup g : values()) {
            if (g.key.equals(key)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown API group " + key);
    }
}
