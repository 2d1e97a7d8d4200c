package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.KeyInfo;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.KmsInstance;
import io.kmsmig.emulator.world.Region;
import io.kmsmig.emulator.world.SecretReads;
import io.kmsmig.emulator.world.Semantics;
import io.kmsmig.emulator.world.World;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** DescribeKey, ListKmsInstances, GetKmsInstance and ListTagResources (kms-openapi.md §14, §15). */
final class KeyInstanceApi {
    /** Computing performance of the emulated instances (GetKmsInstance Spec). */
    static final long SPEC = 1000;
    /** Quotas of the emulated instances: keys, secrets, VPCs (the newest model's examples are 1000, 10 and 5). */
    static final long KEY_QUOTA = 1000;

    static final long SECRET_QUOTA = 1000;
    static final long VPC_QUOTA = 5;
    private final World world;
    private final String caPem;

    KeyInstanceApi(World world, String caPem) {
        this.world = world;
        this.caPem = caPem;
    }

    void describeKey(RpcCall c, ObjectNode out) {
        String keyId = c.params().required("KeyId");
        Region r = world.region(c.region());
        var found = r.key(keyId).orElseThrow(() -> KmsError.keyNotFound(keyId));
        KmsInstance inst = found.getKey();
        KeyInfo k = found.getValue();
        out.putObject("KeyMetadata")
                .put("KeyId", k.id())
                .put("Arn", "acs:kms:" + c.region() + ":" + world.account() + ":key/" + k.id())
                .put("KeyState", "Enabled")
                .put("KeySpec", k.spec())
                .put("KeyUsage", k.usage())
                .put("Origin", "Aliyun_KMS")
                .put("ProtectionLevel", "SOFTWARE")
                .put("Creator", world.account())
                .put("CreationDate", "2024-01-01T00:00:00Z")
                .put("Description", "")
                .put("DeletionProtection", "Disabled")
                .put("AutomaticRotation", "Disabled")
                .put("PrimaryKeyVersion", primaryVersion(k.id()))
                .put("DKMSInstanceId", inst.id());
    }

    /** §15 DescribeKey's PrimaryKeyVersion: the key's current version id, stable per key id (a UUID, as KMS's are). */
    static String primaryVersion(String keyId) {
        return UUID.nameUUIDFromBytes(("primary-version/" + keyId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    void listInstances(RpcCall c, ObjectNode out) {
        int page = c.params().integer("PageNumber", 1, 1, Integer.MAX_VALUE);
        int size = c.params().integer("PageSize", 20, 1, 100);
        List<KmsInstance> all = world.region(c.region()).instances();
        out.put("PageNumber", page).put("PageSize", size).put("TotalCount", all.size());
        ArrayNode arr = out.putObject("KmsInstances").putArray("KmsInstance");
        int from = (int) Math.min(all.size(), (long) (page - 1) * size);
        for (KmsInstance i : all.subList(from, Math.min(all.size(), from + size))) {
            arr.addObject().put("KmsInstanceId", i.id()).put("KmsInstanceArn", arn(c.region(), i.id()));
        }
    }

    /**
     * §15, §19: the fields of the newest model (aliyun/alibabacloud-typescript-sdk kms-20160120
     * GetKmsInstanceResponseBody.ts). KeyNum, SecretNum and VpcNum are quotas, the most the instance may hold (SecretNum
     * a string, as every model declares it), not counts. ZoneIds and VswitchIds are string arrays there and strings in
     * the old models; which one the service sends is UNCONFIRMED, so the world's semantics pick (default: array).
     */
    void getInstance(RpcCall c, ObjectNode out) {
        String id = c.params().required("KmsInstanceId");
        Region r = world.region(c.region());
        KmsInstance inst = r.instance(id).orElseThrow(() -> KmsError.notFound("KMS instance " + id));
        ObjectNode o = out.putObject("KmsInstance");
        o.put("InstanceId", inst.id())
                .put("InstanceName", inst.id())
                .put("Status", "Connected")
                .put("CreateTime", "2024-01-01T00:00:00Z")
                .put("StartDate", "2024-01-01T00:00:00Z")
                .put("EndDate", "2034-01-01T00:00:00Z")
                .put("Spec", SPEC)
                .put("KeyNum", KEY_QUOTA)
                .put("SecretNum", String.valueOf(SECRET_QUOTA))
                .put("VpcNum", VPC_QUOTA)
                .put("VpcId", "vpc-emulator")
                .put("CaCertificateChainPem", caPem)
                .put("ProductVersion", "3")
                .put("ChargeType", "PREPAY")
                .put("ProductType", "kms_ddi_public_cn")
                .put("SaleStatus", "Normal")
                .put("DeletionProtection", false)
                .put("DeletionProtectionDescription", "")
                .put("Log", 0)
                .put("LogStorage", 0);
        List<String> zones = List.of(c.region() + "-a", c.region() + "-b");
        List<String> vswitches = List.of("vsw-emulator-a", "vsw-emulator-b");
        if (world.semantics().instanceListShape() == Semantics.InstanceListShape.ARRAY) {
            zones.forEach(o.putArray("ZoneIds")::add);
            vswitches.forEach(o.putArray("VswitchIds")::add);
        } else {
            o.put("ZoneIds", String.join(",", zones)).put("VswitchIds", String.join(",", vswitches));
        }
        o.putObject("BindVpcs").putArray("BindVpc");
    }

    /** §14 ListTagResources: every tag of the listed resources. */
    void listTagResources(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String type = SecretWriteApi.resourceType(p);
        List<String> ids = SecretWriteApi.resourceIds(p);
        ArrayNode arr = out.putObject("TagResources").putArray("TagResource");
        world.read(w -> {
            SecretReads reads = new SecretReads(w, w.region(c.region()));
            for (String id : ids) {
                List<Map.Entry<String, String>> tags = type.equals("secret")
                        ? reads.describe(id).tagList()
                        : List.copyOf(reads.keyTags(id).entrySet());
                for (var t : tags) {
                    arr.addObject()
                            .put("ResourceType", type)
                            .put("ResourceId", id)
                            .put("TagKey", t.getKey())
                            .put("TagValue", t.getValue());
                }
            }
            return null;
        });
        out.put("NextToken", "");
    }

    private String arn(String region, String id) {
        return "acs:kms:" + region + ":" + world.account() + ":keystore/" + id;
    }
}
