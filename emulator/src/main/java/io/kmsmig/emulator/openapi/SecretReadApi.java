package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.ListFilter;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.SecretReads;
import io.kmsmig.emulator.world.Version;
import io.kmsmig.emulator.world.World;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Wire shapes of the secret read actions (kms-openapi.md §4-§7, §13; sdk-wire-protocol.md §2.7). */
final class SecretReadApi {
    private final World world;

    /** §19: ListSecrets takes at most 10 Filters entries. */
    static final int MAX_FILTERS = 10;

    SecretReadApi(World world) {
        this.world = world;
    }

    void describe(RpcCall c, ObjectNode out) {
        String name = c.params().required("SecretName");
        boolean fetchTags = c.params().bool("FetchTags", false);
        world.read(w -> {
            Secret s = new SecretReads(w, w.region(c.region())).describe(name);
            out.put("Arn", s.arn(c.region(), w.account()))
                    .put("SecretName", s.name())
                    .put("SecretType", s.type().wire());
            Json.putIf(out, "Description", s.description());
            out.put("CreateTime", Json.time(s.createTime())).put("UpdateTime", Json.time(s.updateTime()));
            Json.putIf(out, "EncryptionKeyId", s.encryptionKeyId());
            Json.putIf(out, "DKMSInstanceId", s.kmsInstanceId());
            Json.putIf(out, "PlannedDeleteTime", Json.time(s.plannedDeleteTime()));
            if (s.type().managed()) {
                rotation(s, out);
                Json.putIf(out, "ExtendedConfig", s.extendedConfig());
            }
            if (fetchTags) {
                Json.tags(out, s.tagList());
            }
            return null;
        });
    }

    /** §4: rotation fields only for managed types; NextRotationDate only when enabled. */
    private static void rotation(Secret s, ObjectNode out) {
        out.put("AutomaticRotation", s.rotationEnabled() ? "Enabled" : "Disabled");
        if (s.rotationEnabled() && s.rotationInterval() != null) {
            out.put("RotationInterval", s.rotationInterval());
            long secs = Long.parseLong(s.rotationInterval().replace("s", ""));
            var last = s.lastRotationDate() != null ? s.lastRotationDate() : s.createTime();
            out.put("NextRotationDate", Json.time(last.plus(Duration.ofSeconds(secs))));
        }
        Json.putIf(out, "LastRotationDate", Json.time(s.lastRotationDate()));
    }

    void list(RpcCall c, ObjectNode out) {
        int page = c.params().integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int size = c.params().integer("PageSize", 10, 1, 100);
        boolean fetchTags = c.params().bool("FetchTags", false);
        List<ListFilter> filters = filters(c.params());
        world.read(w -> {
            List<Secret> all = new SecretReads(w, w.region(c.region())).list(filters);
            out.put("PageNumber", page).put("PageSize", size).put("TotalCount", all.size());
            ArrayNode arr = out.putObject("SecretList").putArray("Secret");
            int from = (int) Math.min(all.size(), (long) (page - 1) * size);
            for (Secret s : all.subList(from, Math.min(all.size(), from + size))) {
                ObjectNode o = arr.addObject()
                        .put("SecretName", s.name())
                        .put("SecretType", s.type().wire())
                        .put("CreateTime", Json.time(s.createTime()))
                        .put("UpdateTime", Json.time(s.updateTime()));
                Json.putIf(o, "PlannedDeleteTime", Json.time(s.plannedDeleteTime()));
                if (fetchTags) {
                    Json.tags(o, s.tagList());
                }
            }
            return null;
        });
    }

    /**
     * §5 Filters: {@code [{"Key":"SecretName","Values":["a"]}]}, at most 10 filters (§19) and 10 values per key.
     */
    private static List<ListFilter> filters(Params p) {
        JsonNode j = p.json("Filters");
        if (j != null && j.isArray() && j.size() > MAX_FILTERS) {
            throw KmsError.invalid("Filters", "at most " + MAX_FILTERS + " filters, not " + j.size());
        }
        return ListFilter.parse(j);
    }

    void versions(RpcCall c, ObjectNode out) {
        String name = c.params().required("SecretName");
        boolean deprecated = c.params().bool("IncludeDeprecated", false);
        int page = c.params().integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        // §6 conflict (10 in older docs, 20 in the newest), settled by §19: 20, at most 100.
        int size = c.params().integer("PageSize", 20, 1, 100);
        world.read(w -> {
            List<Version> all = new SecretReads(w, w.region(c.region())).versions(name, deprecated);
            out.put("SecretName", name)
                    .put("PageNumber", page)
                    .put("PageSize", size)
                    .put("TotalCount", all.size());
            ArrayNode arr = out.putObject("VersionIds").putArray("VersionId");
            int from = (int) Math.min(all.size(), (long) (page - 1) * size);
            for (Version v : all.subList(from, Math.min(all.size(), from + size))) {
                ObjectNode o = arr.addObject().put("VersionId", v.id()).put("CreateTime", Json.time(v.created()));
                Json.stages(o, v.stages());
            }
            return null;
        });
    }

    void value(RpcCall c, ObjectNode out) {
        String name = c.params().required("SecretName");
        String versionId = c.params().get("VersionId");
        String stage = c.params().get("VersionStage");
        boolean fetchExt = c.params().bool("FetchExtendedConfig", false);
        if (c.params().bool("DryRun", false)) {
            world.read(w -> new SecretReads(w, w.region(c.region())).value(name, versionId, stage));
            throw new KmsError(
                    400, "DryRunOperationError", "The request would have succeeded, but the DryRun flag is set.");
        }
        world.read(w -> {
            SecretReads reads = new SecretReads(w, w.region(c.region()));
            Version v = reads.value(name, versionId, stage);
            Secret s = reads.describe(name);
            out.put("SecretName", s.name())
                    .put("SecretType", s.type().wire())
                    .put("SecretData", v.data())
                    .put("SecretDataType", v.dataType())
                    .put("VersionId", v.id())
                    .put("CreateTime", Json.time(v.created()));
            Json.stages(out, v.stages());
            if (s.type().managed()) {
                rotation(s, out);
                if (fetchExt) {
                    Json.putIf(out, "ExtendedConfig", s.extendedConfig());
                }
            }
            return null;
        });
    }

    void policy(RpcCall c, ObjectNode out) {
        String name = c.params().required("SecretName");
        String policyName = c.params().get("PolicyName");
        String policy = world.read(w -> new SecretReads(w, w.region(c.region())).policy(name, policyName));
        out.put("Policy", policy);
    }
}
