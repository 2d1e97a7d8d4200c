package io.kmsmig.emulator.world;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secret write operations of KMS OpenAPI 2016-01-20 on one region. Call only inside {@link World#write}.
 * Every rule cites reference kms-openapi.md.
 */
public final class SecretWrites {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final World world;
    private final Region region;

    public SecretWrites(World world, Region region) {
        this.world = world;
        this.region = region;
    }

    private Instant now() {
        return world.clock().nowSeconds();
    }

    /** §3 CreateSecret: the initial version gets ACSCurrent. */
    public Secret create(CreateSecretRequest r) {
        SecretType type = r.type() == null ? SecretType.Generic : r.type();
        String name = r.name();
        String data = r.data();
        if (type == SecretType.RAMCredentials) {
            if ("$Auto".equals(name)) {
                // §12.2, §19: the name is made from the RAM user's display name, which may differ from its user name.
                name = "acs/ram/user/" + world.ramDisplayName(ramUserName(r.extendedConfig()));
            }
            data = ramVersionData(r.data());
        }
        Limits.secretName(name, type);
        Limits.versionId(r.versionId());
        String dataType = r.dataType() == null ? "text" : r.dataType();
        Limits.data(data, dataType);
        if (type.managed() && !"text".equals(dataType)) {
            throw KmsError.invalid("SecretDataType", "must be text for " + type.wire() + " secrets");
        }
        Secret existing = region.secrets.get(name);
        if (existing != null) {
            throw existing.pendingDeletion() ? KmsError.inDeleteWindow(name) : KmsError.exists(name);
        }
        if (r.kmsInstanceId() != null) {
            KmsInstance instance = region.instance(r.kmsInstanceId())
                    .orElseThrow(() -> KmsError.notFound("KMS instance " + r.kmsInstanceId()));
            if (r.encryptionKeyId() == null) {
                throw KmsError.missing("EncryptionKeyId");
            }
            var key = region.key(r.encryptionKeyId()).orElseThrow(() -> KmsError.keyNotFound(r.encryptionKeyId()));
            // §12.4: the key must be a symmetric key in the same instance as the secret.
            if (!key.getKey().id().equals(instance.id()) || !key.getValue().symmetric()) {
                throw KmsError.invalid("EncryptionKeyId", "must be a symmetric key in instance " + instance.id());
            }
        } else if (r.encryptionKeyId() != null
                && region.key(r.encryptionKeyId()).isEmpty()) {
            throw KmsError.keyNotFound(r.encryptionKeyId());
        }
        List<Map.Entry<String, String>> tags = r.tags() == null ? List.of() : r.tags();
        Limits.tags(tags, 0);
        if (type.managed() && r.extendedConfig() == null) {
            throw KmsError.missing("ExtendedConfig");
        }
        if (r.extendedConfig() != null) {
            Limits.extendedConfig(r.extendedConfig());
        }
        boolean rotate = Boolean.TRUE.equals(r.enableAutomaticRotation());
        if (rotate && !type.managed()) {
            throw KmsError.invalid("EnableAutomaticRotation", "generic secrets do not rotate automatically");
        }
        if (rotate && r.rotationInterval() == null) {
            throw KmsError.missing("RotationInterval");
        }
        if (r.policy() != null) {
            Limits.policy(r.policy());
        }
        Instant now = now();
        Secret s = new Secret(name, type, now);
        s.kmsInstanceId = r.kmsInstanceId();
        s.encryptionKeyId = r.encryptionKeyId();
        s.description = r.description();
        tags.forEach(t -> s.tags.put(t.getKey(), t.getValue()));
        s.extendedConfig = type.managed() ? r.extendedConfig() : null;
        s.rotationEnabled = rotate;
        s.rotationInterval = rotate ? Limits.rotationInterval(r.rotationInterval()) + "s" : null;
        s.policy = r.policy();
        s.versions.add(new Version(r.versionId(), now, data, dataType, List.of(Stages.CURRENT)));
        region.secrets.put(name, s);
        region.touch(name);
        return s;
    }

    /**
     * §8 PutSecretValue. Generic only. Same id and same data: success, no change; same id, other data: rejected
     * (409 Rejected.ResourceExist, code UNCONFIRMED). {@code stages == null} means default staging.
     */
    public Version put(String name, String versionId, String data, String dataType, List<String> stages) {
        Secret s = live(name);
        requireGeneric(s, "PutSecretValue");
        Limits.versionId(versionId);
        String type = dataType == null ? "text" : dataType;
        Limits.data(data, type);
        var existing = s.version(versionId);
        if (existing.isPresent()) {
            Version v = existing.get();
            if (v.data().equals(data) && v.dataType().equals(type)) {
                return v;
            }
            throw new KmsError(
                    409, "Rejected.ResourceExist", "The version already exists with different content: " + versionId);
        }
        if (stages != null && stages.isEmpty() && !world.semantics().acceptEmptyVersionStages()) {
            throw KmsError.invalid("VersionStages", "must list at least one stage");
        }
        List<String> adding = new ArrayList<>(stages == null ? List.of(Stages.CURRENT, Stages.PREVIOUS) : stages);
        if (adding.contains(Stages.CURRENT) && world.semantics().acsPreviousFollowsCurrent()) {
            adding.add(Stages.PREVIOUS);
        }
        Stages.checkLabelLimit(s, adding);
        Version v = new Version(versionId, now(), data, type, List.of());
        s.versions.add(v);
        if (stages == null) {
            Stages.defaultStaging(s, v);
        } else {
            List<String> ordered = new ArrayList<>(stages);
            // ACSCurrent first, so an explicit ACSPrevious in the same list wins over switch (a).
            ordered.sort((a, b) -> Boolean.compare(!Stages.CURRENT.equals(a), !Stages.CURRENT.equals(b)));
            for (String stage : ordered) {
                Stages.move(s, stage, v, world.semantics());
            }
        }
        Stages.evict(s);
        s.updateTime = now();
        return v;
    }

    /** §9 UpdateSecretVersionStage: add (move only), remove (custom labels only), or move. */
    public void updateStage(String name, String stage, String removeFrom, String moveTo) {
        Secret s = live(name);
        requireGeneric(s, "UpdateSecretVersionStage");
        if (removeFrom == null && moveTo == null) {
            throw KmsError.missing("MoveToVersion");
        }
        if (Stages.reserved(stage) && moveTo == null) {
            throw KmsError.invalid("VersionStage", stage + " can only be moved, never removed");
        }
        Version from = removeFrom == null
                ? null
                : s.version(removeFrom).orElseThrow(() -> KmsError.notFound("version " + removeFrom));
        Version to =
                moveTo == null ? null : s.version(moveTo).orElseThrow(() -> KmsError.notFound("version " + moveTo));
        if (from != null && !from.has(stage)) {
            // UNCONFIRMED error code; InvalidParameter is the documented family for a bad argument.
            throw KmsError.invalid("RemoveFromVersion", "version " + removeFrom + " does not carry " + stage);
        }
        if (to != null) {
            boolean shifts = Stages.CURRENT.equals(stage) && world.semantics().acsPreviousFollowsCurrent();
            Stages.checkLabelLimit(s, shifts ? List.of(stage, Stages.PREVIOUS) : List.of(stage));
            Stages.move(s, stage, to, world.semantics());
        } else {
            from.remove(stage);
        }
        s.updateTime = now();
    }

    /** §10 UpdateSecret: description, and ExtendedConfig.CustomData (not for Generic). */
    public void update(String name, String description, Map<String, String> customData) {
        Secret s = live(name);
        if (description != null) {
            s.description = description;
        }
        if (customData != null) {
            if (!s.type.managed()) {
                throw KmsError.invalid("ExtendedConfig.CustomData", "generic secrets have no extended config");
            }
            ObjectNode cfg =
                    s.extendedConfig == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(s.extendedConfig);
            ObjectNode custom = cfg.putObject("CustomData");
            customData.forEach(custom::put);
            s.extendedConfig = JSON.writeValueAsString(cfg);
        }
        s.updateTime = now();
    }

    /** §10 UpdateSecretRotationPolicy: managed types only. */
    public void rotationPolicy(String name, boolean enable, String interval) {
        Secret s = live(name);
        if (!s.type.managed()) {
            throw KmsError.unsupported("generic secrets do not rotate automatically (UpdateSecretRotationPolicy)");
        }
        if (enable && interval == null) {
            throw KmsError.missing("RotationInterval");
        }
        s.rotationEnabled = enable;
        s.rotationInterval = enable ? Limits.rotationInterval(interval) + "s" : s.rotationInterval;
        s.updateTime = now();
    }

    /** §11 DeleteSecret: a 7..30 day recovery window (default 30), or force. Returns PlannedDeleteTime. */
    public Instant delete(String name, boolean force, Integer windowDays) {
        Secret s = region.secrets.get(name);
        region.touch(name);
        if (s == null) {
            throw KmsError.notFound("secret " + name);
        }
        if (force) {
            region.secrets.remove(name);
            return now();
        }
        if (s.pendingDeletion()) {
            throw KmsError.inDeleteWindow(name);
        }
        int days = windowDays == null ? 30 : windowDays;
        if (days < 7 || days > 30) {
            throw KmsError.invalid("RecoveryWindowInDays", "7 to 30 days");
        }
        s.plannedDeleteTime = now().plus(Duration.ofDays(days));
        return s.plannedDeleteTime;
    }

    /** §11 RestoreSecret: only inside the recovery window. */
    public void restore(String name) {
        Secret s = region.secrets.get(name);
        region.touch(name);
        if (s == null) {
            throw KmsError.notFound("secret " + name);
        }
        if (!s.pendingDeletion()) {
            throw KmsError.inUse(name);
        }
        s.plannedDeleteTime = null;
        s.updateTime = now();
    }

    /** §13 SetSecretPolicy: policy name 'default' only; secrets in a KMS instance only. */
    public void setPolicy(String name, String policyName, String policy) {
        Secret s = live(name);
        SecretReads.checkPolicyName(policyName);
        if (s.kmsInstanceId == null) {
            throw KmsError.unsupported("secret policies exist only for secrets in a KMS instance");
        }
        Limits.policy(policy);
        try {
            JSON.readTree(policy);
        } catch (JacksonException e) {
            throw KmsError.invalid("Policy", "not a JSON document");
        }
        s.policy = policy;
        s.updateTime = now();
    }

    /** §14 TagResource(s): adds or overwrites tags. */
    public void tag(String name, List<Map.Entry<String, String>> tags) {
        Secret s = live(name);
        long added = tags.stream().filter(t -> !s.tags.containsKey(t.getKey())).count();
        Limits.tags(tags, s.tags.size() - tags.size() + (int) added);
        tags.forEach(t -> s.tags.put(t.getKey(), t.getValue()));
        s.updateTime = now();
    }

    /** §14 UntagResource(s): keys not present are ignored; aliyun/acs: keys cannot be removed. */
    public void untag(String name, List<String> keys, boolean all) {
        Secret s = live(name);
        if (all && keys.isEmpty()) {
            s.tags.keySet().removeIf(k -> !k.startsWith("aliyun") && !k.startsWith("acs:"));
        } else {
            keys.forEach(s.tags::remove);
        }
        s.updateTime = now();
    }

    /** Tags on a key (TagResources with ResourceType=key). */
    public void tagKey(String keyId, List<Map.Entry<String, String>> tags) {
        if (region.key(keyId).isEmpty()) {
            throw KmsError.keyNotFound(keyId);
        }
        var map = region.keyTags.computeIfAbsent(keyId, k -> new TreeMap<>());
        tags.forEach(t -> map.put(t.getKey(), t.getValue()));
    }

    public void untagKey(String keyId, List<String> keys) {
        if (region.key(keyId).isEmpty()) {
            throw KmsError.keyNotFound(keyId);
        }
        var map = region.keyTags.get(keyId);
        if (map != null) {
            keys.forEach(map::remove);
        }
    }

    /** A secret that exists and is not pending deletion (writes on a pending secret: 409, UNCONFIRMED §11). */
    private Secret live(String name) {
        Secret s = region.secrets.get(name);
        region.touch(name); // every change to a secret goes through here or above: the world log records it
        if (s == null || world.expired(s)) {
            throw KmsError.notFound("secret " + name);
        }
        if (s.pendingDeletion()) {
            throw KmsError.inDeleteWindow(name);
        }
        return s;
    }

    private static void requireGeneric(Secret s, String action) {
        // §12.1: PutSecretValue and UpdateSecretVersionStage are for Generic secrets only.
        if (s.type.managed()) {
            throw KmsError.unsupported(action + " on a " + s.type.wire() + " secret");
        }
    }

    /** §12.3: a RAM secret's ExtendedConfig names the RAM user. */
    private static String ramUserName(String extendedConfig) {
        if (extendedConfig == null) {
            throw KmsError.missing("ExtendedConfig");
        }
        JsonNode user = parse(extendedConfig, "ExtendedConfig").path("UserName");
        if (!user.isString() || user.asString().isEmpty()) {
            throw KmsError.invalid("ExtendedConfig", "a RAM secret names its UserName");
        }
        return user.asString();
    }

    /**
     * §3, §7: CreateSecret takes {"AccessKeys":[{AccessKeyId, AccessKeySecret}]}; GetSecretValue answers the current
     * pair as {AccessKeyId, AccessKeySecret, GenerateTimestamp}. The emulator keeps the first pair as the value.
     * Every pair must name a real AccessKey: a missing or empty id or secret is refused (InvalidParameter), as the
     * service refuses an AccessKey pair it cannot find for the user.
     */
    private String ramVersionData(String data) {
        JsonNode keys = parse(data, "SecretData").path("AccessKeys");
        if (!keys.isArray() || keys.isEmpty()) {
            throw KmsError.invalid(
                    "SecretData", "a RAM secret takes {\"AccessKeys\":[{\"AccessKeyId\",\"AccessKeySecret\"}]}");
        }
        for (JsonNode pair : keys) {
            if (!nonEmptyString(pair.path("AccessKeyId")) || !nonEmptyString(pair.path("AccessKeySecret"))) {
                throw KmsError.invalid(
                        "SecretData", "every AccessKeys entry needs a non-empty AccessKeyId and " + "AccessKeySecret");
            }
        }
        ObjectNode v = JSON.createObjectNode();
        v.put("AccessKeyId", keys.get(0).get("AccessKeyId").asString());
        v.put("AccessKeySecret", keys.get(0).get("AccessKeySecret").asString());
        v.put("GenerateTimestamp", now().toString());
        return JSON.writeValueAsString(v);
    }

    private static boolean nonEmptyString(JsonNode n) {
        return n.isString() && !n.asString().isEmpty();
    }

    private static JsonNode parse(String json, String param) {
        try {
            return JSON.readTree(json);
        } catch (JacksonException e) {
            throw KmsError.invalid(param, "not a JSON document");
        }
    }
}
