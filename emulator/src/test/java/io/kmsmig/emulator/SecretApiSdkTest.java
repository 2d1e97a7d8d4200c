package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.CreateSecretResponse;
import com.aliyuncs.kms.model.v20160120.DeleteSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretResponse;
import com.aliyuncs.kms.model.v20160120.GetKmsInstanceRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretPolicyRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import com.aliyuncs.kms.model.v20160120.ListKmsInstancesRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsResponse;
import com.aliyuncs.kms.model.v20160120.ListSecretsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretsResponse;
import com.aliyuncs.kms.model.v20160120.ListTagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.RestoreSecretRequest;
import com.aliyuncs.kms.model.v20160120.SetSecretPolicyRequest;
import com.aliyuncs.kms.model.v20160120.TagResourceRequest;
import com.aliyuncs.kms.model.v20160120.TagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.UntagResourceRequest;
import com.aliyuncs.kms.model.v20160120.UntagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretRotationPolicyRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretVersionStageRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every KMS action through aliyun-java-sdk-kms 2.16.6 against the emulator, success and error paths. */
class SecretApiSdkTest {
    static KmsEmulator emu;
    static SdkHarness.Client hz;
    static SdkHarness.Client sh;

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
        hz = SdkHarness.client(emu, "cn-hangzhou");
        sh = SdkHarness.client(emu, "cn-shanghai");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static CreateSecretRequest create(String name, String version, String data) {
        CreateSecretRequest r = new CreateSecretRequest();
        r.setSecretName(name);
        r.setVersionId(version);
        r.setSecretData(data);
        r.setDKMSInstanceId("kst-sh-test");
        r.setEncryptionKeyId("key-sh-test");
        return r;
    }

    static Map<String, List<String>> stageMap(SdkHarness.Client c, String name) throws Exception {
        ListSecretVersionIdsRequest r = new ListSecretVersionIdsRequest();
        r.setSecretName(name);
        r.setIncludeDeprecated("true");
        r.setPageSize(100);
        ListSecretVersionIdsResponse resp = c.call(r);
        Map<String, List<String>> out = new TreeMap<>();
        resp.getVersionIds()
                .forEach(v -> out.put(
                        v.getVersionId(), v.getVersionStages().stream().sorted().toList()));
        return out;
    }

    @Test
    void describeSecret_returnsMetadataAndWrappedTags() throws Exception {
        DescribeSecretRequest r = new DescribeSecretRequest();
        r.setSecretName("orders/db-password");
        r.setFetchTags("true");
        DescribeSecretResponse d = hz.call(r);
        assertEquals("orders/db-password", d.getSecretName());
        assertEquals("Generic", d.getSecretType());
        assertEquals("Orders database password", d.getDescription());
        assertEquals("acs:kms:cn-hangzhou:1234567890123456:secret/orders/db-password", d.getArn());
        assertEquals("2023-01-01T00:00:00Z", d.getCreateTime());
        assertNull(d.getDKMSInstanceId(), "a KMS 1.0 secret has no instance");
        Map<String, String> tags =
                d.getTags().stream().collect(Collectors.toMap(t -> t.getTagKey(), t -> t.getTagValue()));
        assertEquals(Map.of("team", "orders", "env", "prod"), tags);
    }

    @Test
    void describeSecret_omitsTagsUnlessAsked_andAnswers404ForMissing() throws Exception {
        DescribeSecretRequest r = new DescribeSecretRequest();
        r.setSecretName("orders/db-password");
        assertTrue(hz.call(r).getTags().isEmpty());
        DescribeSecretRequest missing = new DescribeSecretRequest();
        missing.setSecretName("no/such");
        assertEquals("Forbidden.ResourceNotFound", hz.errorOf(missing));
    }

    @Test
    void describeSecret_managedTypeShowsRotationAndExtendedConfig() throws Exception {
        DescribeSecretRequest r = new DescribeSecretRequest();
        r.setSecretName("acs/ram/user/deployer");
        DescribeSecretResponse d = hz.call(r);
        assertEquals("RAMCredentials", d.getSecretType());
        assertEquals("Enabled", d.getAutomaticRotation());
        assertEquals("2592000s", d.getRotationInterval());
        assertTrue(d.getExtendedConfig().contains("\"UserName\":\"deployer\""), d.getExtendedConfig());
    }

    @Test
    void listSecretVersionIds_hidesDeprecatedUnlessAsked() throws Exception {
        assertEquals(
                Map.of("v1", List.of("001"), "v2", List.of("ACSPrevious"), "v3", List.of("ACSCurrent")),
                stageMap(hz, "orders/db-password"));
        ListSecretVersionIdsRequest r = new ListSecretVersionIdsRequest();
        r.setSecretName("orders/db-password");
        assertEquals(3, hz.call(r).getTotalCount());
    }

    @Test
    void listSecretVersionIds_pagesConsistentlyInShuffledOrder() throws Exception {
        sh.call(create("paging/s", "p1", "CANARY-p1"));
        for (int i = 2; i <= 7; i++) {
            PutSecretValueRequest p = new PutSecretValueRequest();
            p.setSecretName("paging/s");
            p.setVersionId("p" + i);
            p.setSecretData("CANARY-p" + i);
            p.setVersionStages("[\"S" + i + "\"]");
            sh.call(p);
        }
        List<String> seen = new java.util.ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            ListSecretVersionIdsRequest r = new ListSecretVersionIdsRequest();
            r.setSecretName("paging/s");
            r.setIncludeDeprecated("true");
            r.setPageSize(3);
            r.setPageNumber(page);
            ListSecretVersionIdsResponse resp = sh.call(r);
            assertEquals(7, resp.getTotalCount());
            resp.getVersionIds().forEach(v -> seen.add(v.getVersionId()));
        }
        assertEquals(7, seen.size());
        assertEquals(7, seen.stream().distinct().count(), "pages do not repeat or skip versions: " + seen);
        assertTrue(!seen.equals(List.of("p1", "p2", "p3", "p4", "p5", "p6", "p7")), "order is not creation order");
    }

    @Test
    void getSecretValue_byStageAndById_andRejectsMismatch() throws Exception {
        GetSecretValueRequest cur = new GetSecretValueRequest();
        cur.setSecretName("orders/db-password");
        GetSecretValueResponse v = hz.call(cur);
        assertEquals("v3", v.getVersionId());
        assertEquals("CANARY-v3-orders", v.getSecretData());
        assertEquals(List.of("ACSCurrent"), v.getVersionStages());
        GetSecretValueRequest byId = new GetSecretValueRequest();
        byId.setSecretName("orders/db-password");
        byId.setVersionId("v1");
        assertEquals("CANARY-v1-orders", hz.call(byId).getSecretData());
        GetSecretValueRequest mismatch = new GetSecretValueRequest();
        mismatch.setSecretName("orders/db-password");
        mismatch.setVersionId("v1");
        mismatch.setVersionStage("ACSCurrent");
        assertEquals("InvalidParameter", hz.errorOf(mismatch));
        GetSecretValueRequest unknown = new GetSecretValueRequest();
        unknown.setSecretName("orders/db-password");
        unknown.setVersionId("v9");
        assertEquals("Forbidden.ResourceNotFound", hz.errorOf(unknown));
    }

    @Test
    void getSecretValue_keepsRawUtf8AndSpecialCharacters() throws Exception {
        String data = "p@ss word/ü*~+ & <tag> = 'q' \"dq\" 密码";
        sh.call(create("utf8/secret", "u1", data));
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("utf8/secret");
        assertEquals(data, sh.call(g).getSecretData());
    }

    @Test
    void getSecretValue_extendedConfigOnlyWhenFetchedForManagedTypes() throws Exception {
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("rds/orders");
        assertNull(hz.call(g).getExtendedConfig());
        g.setFetchExtendedConfig(true);
        assertTrue(hz.call(g).getExtendedConfig().contains("rm-test"));
    }

    @Test
    void createSecret_answersArnAndRejectsDuplicatesAndBadKeys() throws Exception {
        CreateSecretRequest r = create("new/one", "n1", "CANARY-new");
        r.setTags("[{\"TagKey\":\"team\",\"TagValue\":\"orders\"}]");
        r.setDescription("a new one");
        CreateSecretResponse c = sh.call(r);
        assertEquals("acs:kms:cn-shanghai:1234567890123456:secret/new/one", c.getArn());
        assertEquals("n1", c.getVersionId());
        assertEquals("kst-sh-test", c.getDKMSInstanceId());
        assertEquals("Rejected.ResourceExist", sh.errorOf(create("new/one", "n1", "x")));
        CreateSecretRequest badKey = create("new/two", "n1", "x");
        badKey.setEncryptionKeyId("key-missing");
        assertEquals("Forbidden.KeyNotFound", sh.errorOf(badKey));
        CreateSecretRequest asym = create("new/three", "n1", "x");
        asym.setEncryptionKeyId("key-sh-rsa");
        assertEquals("InvalidParameter", sh.errorOf(asym));
        CreateSecretRequest noInstance = create("new/four", "n1", "x");
        noInstance.setDKMSInstanceId("kst-missing");
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(noInstance));
    }

    @Test
    void createSecret_validatesNamesSizesAndJson() throws Exception {
        assertEquals("InvalidParameter", sh.errorOf(create("acs/reserved", "a", "x")));
        assertEquals("InvalidParameter", sh.errorOf(create("bad name with spaces", "a", "x")));
        assertEquals("InvalidParameter", sh.errorOf(create("big/one", "a", "x".repeat(30_721))));
        assertEquals("InvalidParameter", sh.errorOf(create("long/version", "v".repeat(65), "x")));
        CreateSecretRequest badTags = create("bad/tags", "a", "x");
        badTags.setTags("[{\"TagKey\":");
        assertEquals("InvalidParameter", sh.errorOf(badTags));
        CreateSecretRequest noData = new CreateSecretRequest();
        noData.setSecretName("no/data");
        noData.setVersionId("a");
        assertEquals("MissingParameter", sh.errorOf(noData));
        sh.call(create("max/size", "a", "x".repeat(30_720)));
    }

    @Test
    void createSecret_ramWithAutoNameBuildsTheNameAndCurrentValue() throws Exception {
        CreateSecretRequest r = new CreateSecretRequest();
        r.setSecretName("$Auto");
        r.setSecretType("RAMCredentials");
        r.setVersionId("r1");
        r.setSecretData("{\"AccessKeys\":[{\"AccessKeyId\":\"LTAIx\",\"AccessKeySecret\":\"CANARY-ram2\"}]}");
        r.setExtendedConfig("{\"SecretSubType\":\"RamUserAccessKey\",\"UserName\":\"builder\",\"CustomData\":{}}");
        r.setDKMSInstanceId("kst-sh-test");
        r.setEncryptionKeyId("key-sh-test");
        assertEquals("acs/ram/user/builder", sh.call(r).getSecretName());
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("acs/ram/user/builder");
        String value = sh.call(g).getSecretData();
        assertTrue(value.contains("\"AccessKeySecret\":\"CANARY-ram2\"") && value.contains("GenerateTimestamp"), value);
    }

    @Test
    void ramSecretWrites_withMissingOrEmptyAccessKeys_areRefusedAsInvalidParameter() throws Exception {
        for (String data : List.of(
                "{\"AccessKeys\":[{\"AccessKeyId\":\"\",\"AccessKeySecret\":\"\"}]}",
                "{\"AccessKeys\":[{\"AccessKeyId\":\"LTAIy\",\"AccessKeySecret\":\"\"}]}",
                "{\"AccessKeys\":[{\"AccessKeyId\":\"LTAIy\"}]}",
                "{\"AccessKeys\":[{\"AccessKeyId\":\"LTAIy\",\"AccessKeySecret\":\"CANARY-ok\"},{\"AccessKeyId\":\"\",\"AccessKeySecret\":\"x\"}]}",
                "{\"AccessKeys\":[]}",
                "{\"AccessKeyId\":\"LTAIy\",\"AccessKeySecret\":\"CANARY-flat\"}")) {
            CreateSecretRequest r = new CreateSecretRequest();
            r.setSecretName("$Auto");
            r.setSecretType("RAMCredentials");
            r.setVersionId("r1");
            r.setSecretData(data);
            r.setExtendedConfig(
                    "{\"SecretSubType\":\"RamUserAccessKey\",\"UserName\":\"empty-keys\",\"CustomData\":{}}");
            r.setDKMSInstanceId("kst-sh-test");
            r.setEncryptionKeyId("key-sh-test");
            assertEquals("InvalidParameter", sh.errorOf(r), data);
        }
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("acs/ram/user/empty-keys");
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(d), "nothing was created");
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName("acs/ram/user/deployer");
        p.setVersionId("r9");
        p.setSecretData("{\"AccessKeys\":[{\"AccessKeyId\":\"\",\"AccessKeySecret\":\"\"}]}");
        assertEquals("InvalidParameter", hz.errorOf(p));
        assertEquals(
                Map.of("r1", List.of("ACSCurrent")), stageMap(hz, "acs/ram/user/deployer"), "the secret is unchanged");
    }

    @Test
    void putSecretValue_isIdempotentForSameDataAndRejectsDifferentData() throws Exception {
        sh.call(create("put/idem", "a", "CANARY-a"));
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName("put/idem");
        p.setVersionId("b");
        p.setSecretData("CANARY-b");
        assertEquals(List.of("ACSCurrent"), sh.call(p).getVersionStages());
        assertEquals(List.of("ACSCurrent"), sh.call(p).getVersionStages(), "same id, same data: success");
        p.setSecretData("CANARY-other");
        assertEquals("Rejected.ResourceExist", sh.errorOf(p));
        assertEquals(Map.of("a", List.of("ACSPrevious"), "b", List.of("ACSCurrent")), stageMap(sh, "put/idem"));
    }

    @Test
    void putSecretValue_refusesManagedTypesAndMalformedStages() throws Exception {
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName("rds/orders");
        p.setVersionId("d2");
        p.setSecretData("x");
        assertEquals("InvalidParameter", hz.errorOf(p));
        PutSecretValueRequest bad = new PutSecretValueRequest();
        bad.setSecretName("orders/db-password");
        bad.setVersionId("v4");
        bad.setSecretData("x");
        bad.setVersionStages("[\"unterminated");
        assertEquals("InvalidParameter", hz.errorOf(bad));
    }

    @Test
    void updateSecretVersionStage_refusesRemovingReservedLabelsAndUnknownVersions() throws Exception {
        sh.call(create("stage/errors", "a", "x"));
        UpdateSecretVersionStageRequest remove = new UpdateSecretVersionStageRequest();
        remove.setSecretName("stage/errors");
        remove.setVersionStage("ACSCurrent");
        remove.setRemoveFromVersion("a");
        assertEquals("InvalidParameter", sh.errorOf(remove));
        UpdateSecretVersionStageRequest unknown = new UpdateSecretVersionStageRequest();
        unknown.setSecretName("stage/errors");
        unknown.setVersionStage("Custom");
        unknown.setMoveToVersion("zz");
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(unknown));
        UpdateSecretVersionStageRequest neither = new UpdateSecretVersionStageRequest();
        neither.setSecretName("stage/errors");
        neither.setVersionStage("Custom");
        assertEquals("MissingParameter", sh.errorOf(neither));
    }

    @Test
    void updateSecret_changesDescriptionAndCustomData() throws Exception {
        sh.call(create("update/me", "a", "x"));
        UpdateSecretRequest u = new UpdateSecretRequest();
        u.setSecretName("update/me");
        u.setDescription("new words");
        sh.call(u);
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("update/me");
        assertEquals("new words", sh.call(d).getDescription());
        UpdateSecretRequest custom = new UpdateSecretRequest();
        custom.setSecretName("update/me");
        custom.setExtendedConfigCustomData("{\"k\":\"v\"}");
        assertEquals("InvalidParameter", sh.errorOf(custom), "generic secrets have no extended config");
    }

    @Test
    void updateSecretRotationPolicy_onlyForManagedTypes() throws Exception {
        UpdateSecretRotationPolicyRequest r = new UpdateSecretRotationPolicyRequest();
        r.setSecretName("rds/orders");
        r.setEnableAutomaticRotation(true);
        r.setRotationInterval("7d");
        hz.call(r);
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("rds/orders");
        assertEquals("604800s", hz.call(d).getRotationInterval());
        r.setSecretName("orders/db-password");
        assertEquals("InvalidParameter", hz.errorOf(r));
        r.setSecretName("rds/orders");
        r.setRotationInterval("1h");
        assertEquals("InvalidParameter", hz.errorOf(r), "below 6 hours");
    }

    @Test
    void deleteAndRestore_followTheRecoveryWindowRules() throws Exception {
        sh.call(create("del/me", "a", "x"));
        DeleteSecretRequest del = new DeleteSecretRequest();
        del.setSecretName("del/me");
        del.setRecoveryWindowInDays("7");
        assertNotNull(sh.call(del).getPlannedDeleteTime());
        assertEquals("Rejected.ResourceInDeleteWindow", sh.errorOf(del));
        assertEquals("Rejected.ResourceInDeleteWindow", sh.errorOf(create("del/me", "b", "y")));
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("del/me");
        assertEquals("Rejected.ResourceInDeleteWindow", sh.errorOf(g));
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("del/me");
        assertNotNull(sh.call(d).getPlannedDeleteTime());
        RestoreSecretRequest restore = new RestoreSecretRequest();
        restore.setSecretName("del/me");
        sh.call(restore);
        assertNull(sh.call(d).getPlannedDeleteTime());
        assertEquals("Rejected.ResourceInUse", sh.errorOf(restore));
        DeleteSecretRequest badWindow = new DeleteSecretRequest();
        badWindow.setSecretName("del/me");
        badWindow.setRecoveryWindowInDays("3");
        assertEquals("InvalidParameter", sh.errorOf(badWindow));
        DeleteSecretRequest force = new DeleteSecretRequest();
        force.setSecretName("del/me");
        force.setForceDeleteWithoutRecovery("true");
        sh.call(force);
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(d));
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(restore));
    }

    @Test
    void secretPolicy_onlyInInstancesAndOnlyDefault() throws Exception {
        GetSecretPolicyRequest g = new GetSecretPolicyRequest();
        g.setSecretName("instance/secret");
        assertTrue(hz.call(g).getPolicy().contains("\"Effect\":\"Allow\""));
        SetSecretPolicyRequest s = new SetSecretPolicyRequest();
        s.setSecretName("instance/secret");
        s.setPolicy("{\"Version\":\"1\",\"Statement\":[]}");
        hz.call(s);
        assertEquals("{\"Version\":\"1\",\"Statement\":[]}", hz.call(g).getPolicy());
        g.setPolicyName("other");
        assertEquals("Forbidden.ResourceNotFound", hz.errorOf(g));
        GetSecretPolicyRequest outside = new GetSecretPolicyRequest();
        outside.setSecretName("orders/db-password");
        assertEquals("InvalidParameter", hz.errorOf(outside));
    }

    @Test
    void tags_bothApiFamiliesAndListTagResources() throws Exception {
        sh.call(create("tag/me", "a", "x"));
        TagResourceRequest t1 = new TagResourceRequest();
        t1.setSecretName("tag/me");
        t1.setTags("[{\"TagKey\":\"a\",\"TagValue\":\"1\"}]");
        sh.call(t1);
        TagResourcesRequest t2 = new TagResourcesRequest();
        t2.setResourceType("secret");
        t2.setResourceIds(List.of("tag/me"));
        TagResourcesRequest.Tag tag = new TagResourcesRequest.Tag();
        tag.setKey("b");
        tag.setValue("2");
        t2.setTags(List.of(tag));
        sh.call(t2);
        ListTagResourcesRequest l = new ListTagResourcesRequest();
        l.setResourceType("secret");
        l.setResourceIds(List.of("tag/me"));
        Map<String, String> tags = sh.call(l).getTagResources().stream()
                .collect(Collectors.toMap(x -> x.getTagKey(), x -> x.getTagValue()));
        assertEquals(Map.of("a", "1", "b", "2"), tags);
        UntagResourceRequest u1 = new UntagResourceRequest();
        u1.setSecretName("tag/me");
        u1.setTagKeys("[\"a\",\"absent\"]");
        sh.call(u1);
        UntagResourcesRequest u2 = new UntagResourcesRequest();
        u2.setResourceType("secret");
        u2.setResourceIds(List.of("tag/me"));
        u2.setTagKeys(List.of("b"));
        sh.call(u2);
        assertTrue(sh.call(l).getTagResources().isEmpty());
        TagResourceRequest reserved = new TagResourceRequest();
        reserved.setSecretName("tag/me");
        reserved.setTags("[{\"TagKey\":\"acs:x\",\"TagValue\":\"1\"}]");
        assertEquals("InvalidParameter", sh.errorOf(reserved));
    }

    @Test
    void listSecrets_filtersPagesAndCounts() throws Exception {
        ListSecretsRequest r = new ListSecretsRequest();
        r.setPageSize(2);
        r.setFetchTags("true");
        ListSecretsResponse all = hz.call(r);
        assertEquals(4, all.getTotalCount());
        assertEquals(2, all.getSecretList().size());
        ListSecretsRequest f = new ListSecretsRequest();
        f.setFilters("[{\"Key\":\"TagKey\",\"Values\":[\"team\"]},{\"Key\":\"TagValue\",\"Values\":[\"orders\"]}]");
        f.setFetchTags("true");
        ListSecretsResponse filtered = hz.call(f);
        assertEquals(1, filtered.getTotalCount());
        assertEquals("orders/db-password", filtered.getSecretList().get(0).getSecretName());
        assertEquals(2, filtered.getSecretList().get(0).getTags().size());
        ListSecretsRequest bad = new ListSecretsRequest();
        bad.setFilters("not json");
        assertEquals("InvalidParameter", hz.errorOf(bad));
        ListSecretsRequest badSize = new ListSecretsRequest();
        badSize.setPageSize(101);
        assertEquals("InvalidParameter", hz.errorOf(badSize));
    }

    @Test
    void keysAndInstances_describeListAndGet() throws Exception {
        DescribeKeyRequest k = new DescribeKeyRequest();
        k.setKeyId("key-sh-test");
        var meta = sh.call(k).getKeyMetadata();
        assertEquals("Aliyun_AES_256", meta.getKeySpec());
        assertEquals("kst-sh-test", meta.getDKMSInstanceId());
        k.setKeyId("key-nope");
        assertEquals("Forbidden.KeyNotFound", sh.errorOf(k));
        assertEquals(1, sh.call(new ListKmsInstancesRequest()).getKmsInstances().size());
        GetKmsInstanceRequest g = new GetKmsInstanceRequest();
        g.setKmsInstanceId("kst-sh-test");
        var inst = sh.call(g).getKmsInstance();
        assertEquals("kst-sh-test", inst.getInstanceId());
        assertEquals("Connected", inst.getStatus());
        assertTrue(inst.getCaCertificateChainPem().startsWith("-----BEGIN CERTIFICATE-----"));
        g.setKmsInstanceId("kst-nope");
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(g));
    }
}
