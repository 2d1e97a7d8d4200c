package io.kmsmig.emulator.faults;

import java.util.Map;

/**
 * KMS shared-gateway QPS groups, per account per region (reference kms-openapi.md §16). Rows the reference marks
 * UNCONFIRMED (list, write) use assumed values, documented here and configurable per world.
 */
public enum ApiGroup {
    /** §16: secrets create or delete, 10 QPS. */
    SECRET_CREATE_DELETE("secretCreateDelete", 10),
    /** §16: query secret info and get secret value, 450 QPS. */
    SECRET_READ("secretRead", 450),
    /** UNCONFIRMED: list secrets and list versions, assumed like queries. */
    SECRET_LIST("secretList", 450),
    /** UNCONFIRMED: update, put value, stages, tags, policies, restore; assumed 100. */
    SECRET_WRITE("secretWrite", 100),
    /** §16: key management read, 50 QPS. */
    KEY_READ("keyRead", 50),
    /** §15: instance management read, 50 QPS. */
    INSTANCE_READ("instanceRead", 50),
    /** §16/§17: ActionTrail LookupEvents, 2 calls per second. */
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
            Map.entry("TagResource", SECRET_WRITE),
            Map.entry("UntagResource", SECRET_WRITE),
            Map.entry("TagResources", SECRET_WRITE),
            Map.entry("UntagResources", SECRET_WRITE),
            Map.entry("ListTagResources", KEY_READ),
            Map.entry("DescribeKey", KEY_READ),
            Map.entry("GetKmsInstance", INSTANCE_READ),
            Map.entry("ListKmsInstances", INSTANCE_READ),
            Map.entry("LookupEvents", ACTION_TRAIL));

    private final String key;
    private final double defaultQps;

    ApiGroup(String key, double defaultQps) {
        this.key = key;
        this.defaultQps = defaultQps;
    }

    /** The group's name in world files and the spec, e.g. {@code secretCreateDelete}. */
    public String key() {
        return key;
    }

    public double defaultQps() {
        return defaultQps;
    }

    /** The group of an action; unknown actions count as secret reads. */
    public static ApiGroup of(String action) {
        return BY_ACTION.getOrDefault(action, SECRET_READ);
    }

    public static ApiGroup byKey(String key) {
        for (ApiGroup g : values()) {
            if (g.key.equals(key)) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown API group " + key);
    }
}
