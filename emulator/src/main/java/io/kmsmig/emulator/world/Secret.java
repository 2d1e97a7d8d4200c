package io.kmsmig.emulator.world;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A secret and its versions, as the emulated KMS stores it (reference §18 storage model). Guarded by the world lock. */
public final class Secret {
    String name;
    SecretType type;
    String kmsInstanceId;
    String encryptionKeyId;
    String description;
    final Map<String, String> tags = new LinkedHashMap<>();
    String extendedConfig;
    boolean rotationEnabled;
    String rotationInterval;
    Instant lastRotationDate;
    String policy;
    Instant plannedDeleteTime;
    Instant createTime;
    Instant updateTime;
    final List<Version> versions = new ArrayList<>();

    Secret(String name, SecretType type, Instant createTime) {
        this.name = name;
        this.type = type;
        this.createTime = createTime;
        this.updateTime = createTime;
    }

    public String name() {
        return name;
    }

    public SecretType type() {
        return type;
    }

    public String kmsInstanceId() {
        return kmsInstanceId;
    }

    public String encryptionKeyId() {
        return encryptionKeyId;
    }

    public String description() {
        return description;
    }

    public Map<String, String> tags() {
        return Map.copyOf(tags);
    }

    /** Tags in insertion order. */
    public List<Map.Entry<String, String>> tagList() {
        return List.copyOf(tags.entrySet());
    }

    public String extendedConfig() {
        return extendedConfig;
    }

    public boolean rotationEnabled() {
        return rotationEnabled;
    }

    public String rotationInterval() {
        return rotationInterval;
    }

    public Instant lastRotationDate() {
        return lastRotationDate;
    }

    public String policy() {
        return policy;
    }

    public Instant plannedDeleteTime() {
        return plannedDeleteTime;
    }

    public boolean pendingDeletion() {
        return plannedDeleteTime != null;
    }

    public Instant createTime() {
        return createTime;
    }

    public Instant updateTime() {
        return updateTime;
    }

    /** Versions in creation order. */
    public List<Version> versions() {
        return List.copyOf(versions);
    }

    public Optional<Version> version(String id) {
        return versions.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    public Optional<Version> holderOf(String stage) {
        return versions.stream().filter(v -> v.has(stage)).findFirst();
    }

    /** Every distinct stage label in use. */
    public List<String> labels() {
        List<String> out = new ArrayList<>();
        for (Version v : versions) {
            for (String s : v.stages()) {
                if (!out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The secret's ARN, {@code acs:kms:<region>:<account>:secret/<name>} (reference §3). */
    public String arn(String region, String account) {
        return "acs:kms:" + region + ":" + account + ":secret/" + name;
    }

    Secret copy() {
        Secret s = new Secret(name, type, createTime);
        s.kmsInstanceId = kmsInstanceId;
        s.encryptionKeyId = encryptionKeyId;
        s.description = description;
        s.tags.putAll(tags);
        s.extendedConfig = extendedConfig;
        s.rotationEnabled = rotationEnabled;
        s.rotationInterval = rotationInterval;
        s.lastRotationDate = lastRotationDate;
        s.policy = policy;
        s.plannedDeleteTime = plannedDeleteTime;
        s.updateTime = updateTime;
        versions.forEach(v -> s.versions.add(v.copy()));
        return s;
    }
}
