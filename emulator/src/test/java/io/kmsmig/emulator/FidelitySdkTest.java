package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.DeleteSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetKmsInstanceRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretsRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.RestoreSecretRequest;
import com.aliyuncs.kms.model.v20160120.TagResourceRequest;
import com.aliyuncs.kms.model.v20160120.TagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretVersionStageRequest;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.openapi.Signatures;
import io.kmsmig.emulator.world.Semantics;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Answers checked against the official API models (kms-openapi.md §19 "Fidelity audit findings"): ARNs as SecretName,
 * $Auto RAM names from display names, ListSecretVersionIds' page size, GetKmsInstance and DescribeKey fields, tag
 * characters, the ListSecrets filter count. Through the old SDK over HTTPS, and raw where the old SDK cannot see a field.
 */
class FidelitySdkTest {
    static KmsEmulator emu;
    static SdkHarness.Client sh;
    static SdkHarness.Client hz;

    @BeforeAll
    static void start() {
        String world = SdkHarness.world("basic.yaml")
                .replace("semantics:", "ramUsers:\n  - { name: ci-bot, displayName: CI-Deploy-Bot }\nsemantics:");
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(world));
        sh = SdkHarness.client(emu, "cn-shanghai");
        hz = SdkHarness.client(emu, "cn-hangzhou");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static String arn(String region, String name) {
        return "acs:kms:" + region + ":1234567890123456:secret/" + name;
    }

    @Test
    void secretArn_isAcceptedWhereverSecretNameTakesTheNameOrArn() throws Exception {
        // given
        sh.call(SecretApiSdkTest.create("arn/app", "v1", "CANARY-arn-v1"));
        String arn = arn("cn-shanghai", "arn/app");
        // when / then: each API the models document with "the name or ARN"
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName(arn);
        assertEquals("arn/app", sh.call(d).getSecretName());
        assertEquals(arn, sh.call(d).getArn());
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName(arn);
        p.setVersionId("v2");
        p.setSecretData("CANARY-arn-v2");
        assertEquals("arn/app", sh.call(p).getSecretName());
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName(arn);
        g.setVersionId("v1");
        assertEquals("CANARY-arn-v1", sh.call(g).getSecretData());
        UpdateSecretVersionStageRequest u = new UpdateSecretVersionStageRequest();
        u.setSecretName(arn);
        u.setVersionStage("Custom");
        u.setMoveToVersion("v1");
        sh.call(u);
        ListSecretVersionIdsRequest l = new ListSecretVersionIdsRequest();
        l.setSecretName(arn);
        assertEquals(2, sh.call(l).getVersionIds().size());
        TagResourceRequest t = new TagResourceRequest();
        t.setSecretName(arn);
        t.setTags("[{\"TagKey\":\"team\",\"TagValue\":\"arn\"}]");
        sh.call(t);
        DeleteSecretRequest del = new DeleteSecretRequest();
        del.setSecretName(arn);
        del.setRecoveryWindowInDays("7");
        assertEquals("arn/app", sh.call(del).getSecretName());
        RestoreSecretRequest r = new RestoreSecretRequest();
        r.setSecretName(arn);
        sh.call(r);
        assertTrue(SecretApiSdkTest.stageMap(sh, "arn/app").get("v1").contains("Custom"), "the stage moved by ARN");
        DescribeSecretRequest tags = new DescribeSecretRequest();
        tags.setSecretName(arn);
        tags.setFetchTags("true");
        assertEquals("arn", sh.call(tags).getTags().get(0).getTagValue(), "tagged by ARN");
        assertEquals(null, sh.call(tags).getPlannedDeleteTime(), "restored by ARN");
    }

    @Test
    void arnOfAnotherRegionOrAccount_namesNoSecretHere() {
        for (String other : List.of(
                arn("cn-hangzhou", "orders/db-password"),
                "acs:kms:cn-shanghai:9999999999999999:secret/orders/db-password",
                "acs:kms:cn-shanghai:1234567890123456:secret/")) {
            DescribeSecretRequest d = new DescribeSecretRequest();
            d.setSecretName(other);
            assertEquals("Forbidden.ResourceNotFound", sh.errorOf(d), other);
        }
        DescribeSecretRequest own = new DescribeSecretRequest();
        own.setSecretName(arn("cn-hangzhou", "orders/db-password"));
        try {
            assertEquals("orders/db-password", hz.call(own).getSecretName(), "the same ARN in its own region");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void createSecretItself_takesANameNotAnArn() {
        CreateSecretRequest c = SecretApiSdkTest.create(arn("cn-shanghai", "arn/new"), "v1", "CANARY-x");
        assertEquals("InvalidParameter", sh.errorOf(c), "':' is not a secret name character");
    }

    @Test
    void ramSecretCreatedAsAuto_isNamedFromTheUsersDisplayName() throws Exception {
        CreateSecretRequest r = new CreateSecretRequest();
        r.setSecretName("$Auto");
        r.setSecretType("RAMCredentials");
        r.setVersionId("r1");
        r.setSecretData("{\"AccessKeys\":[{\"AccessKeyId\":\"LTAIbot\",\"AccessKeySecret\":\"CANARY-bot\"}]}");
        r.setExtendedConfig("{\"SecretSubType\":\"RamUserAccessKey\",\"UserName\":\"ci-bot\",\"CustomData\":{}}");
        r.setDKMSInstanceId("kst-sh-test");
        r.setEncryptionKeyId("key-sh-test");
        assertEquals(
                "acs/ram/user/CI-Deploy-Bot", sh.call(r).getSecretName(), "display name, not the user name ci-bot");
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("acs/ram/user/ci-bot");
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(d));
        assertEquals("CI-Deploy-Bot", emu.dump().at("/ramUsers/0/displayName").asString(), "kept in the world");
    }

    @Test
    void listSecretVersionIds_defaultPageSizeIs20() throws Exception {
        ListSecretVersionIdsRequest l = new ListSecretVersionIdsRequest();
        l.setSecretName("orders/db-password");
        assertEquals(20, hz.call(l).getPageSize());
        l.setPageSize(100);
        assertEquals(100, hz.call(l).getPageSize());
    }

    @Test
    void describeKey_hasPrimaryKeyVersion() throws Exception {
        DescribeKeyRequest k = new DescribeKeyRequest();
        k.setKeyId("key-sh-test");
        String v = sh.call(k).getKeyMetadata().getPrimaryKeyVersion();
        assertEquals(v, UUID.fromString(v).toString(), "a version id: " + v);
        assertEquals(v, sh.call(k).getKeyMetadata().getPrimaryKeyVersion(), "stable");
    }

    @Test
    void getKmsInstance_answersTheNewestModelsFields_withQuotasAndArrays() throws Exception {
        JsonNode inst = raw("cn-shanghai", Map.of("Action", "GetKmsInstance", "KmsInstanceId", "kst-sh-test"))
                .get("KmsInstance");
        assertEquals(1000, inst.get("KeyNum").asLong(), "a quota: the instance declares 2 keys");
        assertTrue(inst.get("SecretNum").isString(), "SecretNum is a string in every model");
        assertEquals("1000", inst.get("SecretNum").asString(), "a quota, not the number of secrets");
        assertEquals(5, inst.get("VpcNum").asLong());
        assertTrue(inst.get("ZoneIds").isArray() && inst.get("VswitchIds").isArray(), inst.toString());
        assertEquals("cn-shanghai-a", inst.get("ZoneIds").get(0).asString());
        assertEquals("PREPAY", inst.get("ChargeType").asString());
        assertEquals("kms_ddi_public_cn", inst.get("ProductType").asString());
        assertEquals("Normal", inst.get("SaleStatus").asString());
        assertTrue(inst.get("DeletionProtection").isBoolean());
        // the old SDK reads the rest; it files the arrays elsewhere, so its String ZoneIds stays empty
        GetKmsInstanceRequest g = new GetKmsInstanceRequest();
        g.setKmsInstanceId("kst-sh-test");
        var old = sh.call(g).getKmsInstance();
        assertEquals("Connected", old.getStatus());
        assertEquals(1000L, old.getKeyNum());
        assertNull(old.getZoneIds());
    }

    @Test
    void getKmsInstance_stringShape_forTheOldModels() throws Exception {
        emu.setSemantics(emu.world().semantics().withInstanceListShape(Semantics.InstanceListShape.STRING));
        try {
            GetKmsInstanceRequest g = new GetKmsInstanceRequest();
            g.setKmsInstanceId("kst-sh-test");
            var old = sh.call(g).getKmsInstance();
            assertEquals("cn-shanghai-a,cn-shanghai-b", old.getZoneIds());
            assertEquals("vsw-emulator-a,vsw-emulator-b", old.getVswitchIds());
        } finally {
            emu.setSemantics(emu.world().semantics().withInstanceListShape(Semantics.InstanceListShape.ARRAY));
        }
    }

    @ParameterizedTest(name = "tag key \"{0}\"")
    @ValueSource(strings = {"has space", "tab\there", "emoji\uD83D\uDE00", "comma,key"})
    void tagKeysOutsideTheDocumentedCharacters_areInvalid(String key) {
        TagResourcesRequest t = new TagResourcesRequest();
        t.setResourceType("secret");
        t.setResourceIds(List.of("orders/db-password"));
        TagResourcesRequest.Tag tag = new TagResourcesRequest.Tag();
        tag.setKey(key);
        tag.setValue("v");
        t.setTags(List.of(tag));
        assertEquals("InvalidParameter", hz.errorOf(t));
        TagResourceRequest asValue = new TagResourceRequest();
        asValue.setSecretName("orders/db-password");
        asValue.setTags("[{\"TagKey\":\"k\",\"TagValue\":\"" + key.replace("\t", "\\t") + "\"}]");
        assertEquals("InvalidParameter", hz.errorOf(asValue), "the same set for values");
    }

    @Test
    void tagsWithEveryDocumentedCharacterAndTheMaximumLength_areAccepted() throws Exception {
        sh.call(SecretApiSdkTest.create("tags/edge", "v1", "CANARY-t"));
        TagResourceRequest t = new TagResourceRequest();
        t.setSecretName("tags/edge");
        t.setTags("[{\"TagKey\":\"aZ09/\\\\_-.+=:@\",\"TagValue\":\"" + "v".repeat(128) + "\"}," + "{\"TagKey\":\""
                + "k".repeat(128) + "\",\"TagValue\":\"x\"}]");
        sh.call(t);
        t.setTags("[{\"TagKey\":\"" + "k".repeat(129) + "\",\"TagValue\":\"x\"}]");
        assertEquals("InvalidParameter", sh.errorOf(t));
        t.setTags("[{\"TagKey\":\"k\",\"TagValue\":\"" + "v".repeat(129) + "\"}]");
        assertEquals("InvalidParameter", sh.errorOf(t));
    }

    @Test
    void listSecrets_takesAtMostTenFilters() throws Exception {
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            filters.add("{\"Key\":\"SecretName\",\"Values\":[\"orders/db-password\"]}");
        }
        ListSecretsRequest ten = new ListSecretsRequest();
        ten.setFilters("[" + String.join(",", filters) + "]");
        assertEquals(1, hz.call(ten).getTotalCount());
        filters.add("{\"Key\":\"SecretName\",\"Values\":[\"orders/db-password\"]}");
        ListSecretsRequest eleven = new ListSecretsRequest();
        eleven.setFilters("[" + String.join(",", filters) + "]");
        assertEquals("InvalidParameter", hz.errorOf(eleven));
    }

    /** A V1-signed raw call, answered JSON (for fields the old SDK's model does not have). */
    private static JsonNode raw(String region, Map<String, String> business) throws Exception {
        Map<String, String> p = new TreeMap<>(business);
        p.putAll(Map.of(
                "AccessKeyId",
                "LTAItestMigrator",
                "Format",
                "JSON",
                "Version",
                "2016-01-20",
                "SignatureMethod",
                "HMAC-SHA1",
                "SignatureVersion",
                "1.0",
                "SignatureNonce",
                UUID.randomUUID().toString(),
                "Timestamp",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        p.put("Signature", Signatures.v1Signature(Signatures.v1StringToSign("POST", p), "test-migrator-secret"));
        String q = p.entrySet().stream()
                .map(e -> Signatures.pct(e.getKey()) + "=" + Signatures.pct(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpResponse<byte[]> r =
                RawHttp.send("POST", "https://" + emu.info().regionEndpoint(region) + "/?" + q, Map.of(), null);
        assertEquals(200, r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        return Json.MAPPER.readTree(r.body());
    }
}
