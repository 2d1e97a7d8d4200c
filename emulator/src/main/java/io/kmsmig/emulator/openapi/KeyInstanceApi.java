package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.KeyInfo;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.KmsInstance;
import io.kmsmig.emulator.world.Region;
import io.kmsmig.emulator.world.SecretReads;
import io.kmsmig.emulator.world.World;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** DescribeKey, ListKmsInstances, GetKmsInstance and ListTagResources (kms-openapi.md §14, §15). */
final class KeyInstanceApi {
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
        out.putObject("KeyMetadata").put("KeyId", k.id())
                .put("Arn", "acs:kms:" + c.region() + ":" + world.account() + ":key/" + k.id())
                .put("KeyState", "Enabled").put("KeySpec", k.spec()).put("KeyUsage", k.usage())
                .put("Origin", "Aliyun_KMS").put("ProtectionLevel", "SOFTWARE").put("Creator", world.account())
                .put("CreationDate", "2024-01-01T00:00:00Z").put("Description", "")
                .put("DeletionProtection", "Disabled").put("AutomaticRotation", "Disabled")
                .put("DKMSInstanceId", inst.id());
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

    /** §15: ZoneIds and VswitchIds as strings, for the old SDK's reader. */
    void getInstance(RpcCall c, ObjectNode out) {
        String id = c.params().required("KmsInstanceId");
        Region r = world.region(c.region());
        KmsInstance inst = r.instance(id).orElseThrow(() -> KmsError.notFound("KMS instance " + id));
        long secrets = world.read(w -> r.secrets().stream().filter(s -> id.equals(s.kmsInstanceId())).count());
        ObjectNode o = out.putObject("KmsInstance");
        o.put("InstanceId", inst.id()).put("InstanceName", inst.id()).put("Status", "Connected")
                .put("CreateTime", "2024-01-01T00:00:00Z").put("StartDate", "2024-01-01T00:00:00Z")
                .put("EndDate", "2034-01-01T00:00:00Z").put("Spec", 1000).put("KeyNum", inst.keys().size())
                .put("SecretNum", String.valueOf(secrets)).put("VpcNum", 1).put("VpcId", "vpc-emulator")
                .put("ZoneIds", c.region() + "-a," + c.region() + "-b").put("VswitchIds", "vsw-emulator")
                .put("CaCertificateChainPem", caPem).put("ProductVersion", "3");
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
                List<Map.Entry<String, String>> tags = type.equals("secret") ? reads.describe(id).tagList()
                        : List.copyOf(reads.keyTags(id).entrySet());
                for (var t : tags) {
                    arr.addObject().put("ResourceType", type).put("ResourceId", id).put("TagKey", t.getKey())
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
