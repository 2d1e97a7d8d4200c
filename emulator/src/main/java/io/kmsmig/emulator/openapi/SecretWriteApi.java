package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.CreateSecretRequest;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.SecretType;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.emulator.world.Version;
import io.kmsmig.emulator.world.World;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Wire shapes of the secret write actions (kms-openapi.md §3, §8-§11, §13, §14). */
final class SecretWriteApi {
    private final World world;

    SecretWriteApi(World world) {
        this.world = world;
    }

    private SecretWrites writes(World w, RpcCall c) {
        return new SecretWrites(w, w.region(c.region()));
    }

    void create(RpcCall c, ObjectNode out) {
        Params p = c.params();
        JsonNode ext = p.json("ExtendedConfig");
        if (ext != null && !ext.isObject()) {
            throw KmsError.invalid("ExtendedConfig", "a JSON object");
        }
        CreateSecretRequest r = new CreateSecretRequest(
                p.required("SecretName"),
                p.required("VersionId"),
                p.requiredAllowEmpty("SecretData"),
                p.get("SecretDataType"),
                p.get("SecretType") == null ? SecretType.Generic : SecretType.parse(p.get("SecretType")),
                p.get("EncryptionKeyId"),
                p.get("DKMSInstanceId"),
                p.get("Description"),
                p.jsonTags("Tags"),
                ext == null ? null : Json.MAPPER.writeValueAsString(ext),
                p.boolOrNull("EnableAutomaticRotation"),
                p.get("RotationInterval"),
                p.get("Policy"));
        world.write(w -> {
            Secret s = writes(w, c).create(r);
            out.put("Arn", s.arn(c.region(), w.account()))
                    .put("SecretName", s.name())
                    .put("VersionId", s.versions().get(0).id())
                    .put("SecretType", s.type().wire());
            Json.putIf(out, "DKMSInstanceId", s.kmsInstanceId());
            if (s.type().managed()) {
                out.put("AutomaticRotation", s.rotationEnabled() ? "Enabled" : "Disabled");
                Json.putIf(out, "RotationInterval", s.rotationInterval());
                Json.putIf(out, "ExtendedConfig", s.extendedConfig());
            }
            return null;
        });
    }

    void put(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        String versionId = p.required("VersionId");
        String data = p.requiredAllowEmpty("SecretData");
        List<String> stages = p.jsonStrings("VersionStages");
        world.write(w -> {
            Version v = writes(w, c).put(name, versionId, data, p.get("SecretDataType"), stages);
            out.put("SecretName", name).put("VersionId", v.id());
            Json.stages(out, v.stages());
            return null;
        });
    }

    void updateStage(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        String stage = p.required("VersionStage");
        world.write(w -> {
            writes(w, c).updateStage(name, stage, p.get("RemoveFromVersion"), p.get("MoveToVersion"));
            return null;
        });
        out.put("SecretName", name);
    }

    /** §10: old SDK sends {@code ExtendedConfig.CustomData=<json>}; Tea flattens to {@code ExtendedConfig.CustomData.<k>}. */
    void update(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        Map<String, String> custom = null;
        JsonNode cd = p.json("ExtendedConfig.CustomData");
        if (cd != null) {
            if (!cd.isObject()) {
                throw KmsError.invalid("ExtendedConfig.CustomData", "a JSON object");
            }
            custom = new TreeMap<>();
            for (var e : cd.properties()) {
                custom.put(e.getKey(), e.getValue().asString());
            }
        } else {
            for (var e : p.all().entrySet()) {
                if (e.getKey().startsWith("ExtendedConfig.CustomData.")) {
                    custom = custom == null ? new TreeMap<>() : custom;
                    custom.put(e.getKey().substring("ExtendedConfig.CustomData.".length()), e.getValue());
                }
            }
        }
        Map<String, String> customData = custom;
        world.write(w -> {
            writes(w, c).update(name, p.get("Description"), customData);
            return null;
        });
        out.put("SecretName", name);
    }

    void rotationPolicy(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        if (p.get("EnableAutomaticRotation") == null) {
            throw KmsError.missing("EnableAutomaticRotation");
        }
        boolean enable = p.bool("EnableAutomaticRotation", false);
        world.write(w -> {
            writes(w, c).rotationPolicy(name, enable, p.get("RotationInterval"));
            return null;
        });
        out.put("SecretName", name);
    }

    void delete(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        boolean force = p.bool("ForceDeleteWithoutRecovery", false);
        Integer window = p.get("RecoveryWindowInDays") == null ? null : p.integer("RecoveryWindowInDays", 30, 7, 30);
        var planned = world.write(w -> writes(w, c).delete(name, force, window));
        out.put("SecretName", name).put("PlannedDeleteTime", Json.time(planned));
    }

    void restore(RpcCall c, ObjectNode out) {
        String name = c.params().required("SecretName");
        world.write(w -> {
            writes(w, c).restore(name);
            return null;
        });
        out.put("SecretName", name);
    }

    void setPolicy(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String name = p.required("SecretName");
        String policy = p.required("Policy");
        world.write(w -> {
            writes(w, c).setPolicy(name, p.get("PolicyName"), policy);
            return null;
        });
    }

    /** §14 TagResource (singular): {@code Tags} JSON and exactly one of KeyId / SecretName / CertificateId. */
    void tagResource(RpcCall c, ObjectNode out) {
        Params p = c.params();
        List<Map.Entry<String, String>> tags = p.jsonTags("Tags");
        if (tags == null) {
            throw KmsError.missing("Tags");
        }
        target(
                p,
                (w, secret) -> writes(w, c).tag(secret, tags),
                (w, key) -> writes(w, c).tagKey(key, tags));
    }

    void untagResource(RpcCall c, ObjectNode out) {
        Params p = c.params();
        List<String> keys = p.jsonStrings("TagKeys");
        if (keys == null) {
            throw KmsError.missing("TagKeys");
        }
        target(
                p,
                (w, secret) -> writes(w, c).untag(secret, keys, false),
                (w, key) -> writes(w, c).untagKey(key, keys));
    }

    private void target(Params p, BiConsumer<World, String> onSecret, BiConsumer<World, String> onKey) {
        String secret = p.get("SecretName");
        String key = p.get("KeyId");
        if ((secret == null) == (key == null)) {
            throw KmsError.invalid("SecretName", "give exactly one of SecretName or KeyId");
        }
        world.write(w -> {
            if (secret != null) {
                onSecret.accept(w, secret);
            } else {
                onKey.accept(w, key);
            }
            return null;
        });
    }

    /** §14 TagResources (plural): ResourceType, ResourceId.N (at most 50), Tag.N.Key/Value (at most 20). */
    void tagResources(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String type = resourceType(p);
        List<String> ids = resourceIds(p);
        List<Map.Entry<String, String>> tags = p.indexedPairs("Tag");
        if (tags.isEmpty() || tags.size() > 20) {
            throw tags.isEmpty() ? KmsError.missing("Tag.1.Key") : KmsError.invalid("Tag", "at most 20 tags");
        }
        world.write(w -> {
            for (String id : ids) {
                if (type.equals("secret")) {
                    writes(w, c).tag(id, tags);
                } else {
                    writes(w, c).tagKey(id, tags);
                }
            }
            return null;
        });
    }

    void untagResources(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String type = resourceType(p);
        List<String> ids = resourceIds(p);
        List<String> keys = p.indexed("TagKey");
        boolean all = p.bool("All", false);
        if (keys.isEmpty() && !all) {
            throw KmsError.missing("TagKey.1");
        }
        world.write(w -> {
            for (String id : ids) {
                if (type.equals("secret")) {
                    writes(w, c).untag(id, keys, all);
                } else {
                    writes(w, c).untagKey(id, keys);
                }
            }
            return null;
        });
    }

    static String resourceType(Params p) {
        String type = p.required("ResourceType").toLowerCase(Locale.ROOT);
        if (!type.equals("secret") && !type.equals("key")) {
            throw KmsError.invalid("ResourceType", "key or secret");
        }
        return type;
    }

    static List<String> resourceIds(Params p) {
        List<String> ids = p.indexed("ResourceId");
        if (ids.isEmpty()) {
            throw KmsError.missing("ResourceId.1");
        }
        if (ids.size() > 50) {
            throw KmsError.invalid("ResourceId", "at most 50 resources");
        }
        return ids;
    }
}
