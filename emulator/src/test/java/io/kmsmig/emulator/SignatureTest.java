package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.auth.SignatureVersion;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import io.kmsmig.emulator.openapi.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** V1 and V3 signatures, STS tokens and tampering (sdk-wire-protocol.md §2.4-§2.6). */
class SignatureTest {
    static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void v1Recipe_matchesTheReferenceTestVector() {
        // sdk-wire-protocol.md §2.5, capture https_ca #2
        Map<String, String> p = new TreeMap<>(Map.of(
                "AccessKeyId",
                "testAccessKeyId",
                "Action",
                "GetSecretValue",
                "FetchExtendedConfig",
                "true",
                "Format",
                "JSON",
                "RegionId",
                "cn-hangzhou",
                "SecretName",
                "db-pass",
                "SignatureMethod",
                "HMAC-SHA1",
                "SignatureNonce",
                "6866567140aedde89dcd5cc870ce46fc",
                "SignatureVersion",
                "1.0",
                "Timestamp",
                "2026-11-29T03:21:21Z"));
        p.put("Version", "2016-01-20");
        p.put("VersionStage", "ACSCurrent");
        String sts = Signatures.v1StringToSign("POST", p);
        assertTrue(sts.startsWith("POST&%2F&AccessKeyId%3DtestAccessKeyId%26Action%3DGetSecretValue"), sts);
        assertEquals("HKrgmHgds2sy9wLv3TEU6tiQdnM=", Signatures.v1Signature(sts, "testAccessKeySecret"));
    }

    @Test
    void wrongSecret_isReportedBySdkAsInvalidAccessKeySecret() {
        var c = SdkHarness.clientWithSecret(emu, "cn-hangzhou", "LTAItestMigrator", "not-the-secret");
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        assertEquals("SDK.InvalidAccessKeySecret", c.errorOf(d));
    }

    @Test
    void unknownAccessKey_isNotFound() {
        var c = SdkHarness.clientWithSecret(emu, "cn-hangzhou", "LTAInobodyKnows", "x");
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        assertEquals("InvalidAccessKeyId.NotFound", c.errorOf(d));
    }

    @Test
    void stsToken_isAcceptedWhenDeclared() throws Exception {
        var c = SdkHarness.client(emu, "cn-hangzhou", 2);
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("orders/db-password");
        assertEquals("CANARY-v3-orders", c.call(g).getSecretData());
    }

    @Test
    void v3Signing_isVerified() throws Exception {
        var c = SdkHarness.client(emu, "cn-hangzhou", 1);
        c.acs().setSignatureVersion(SignatureVersion.V3);
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        assertEquals("orders/db-password", c.call(d).getSecretName());
        var bad = SdkHarness.clientWithSecret(emu, "cn-hangzhou", "LTAItestApp", "wrong");
        bad.acs().setSignatureVersion(SignatureVersion.V3);
        assertEquals("SignatureDoesNotMatch", bad.errorOf(d));
    }

    private static Map<String, String> signed(String method, Map<String, String> business, String secret) {
        Map<String, String> p = new TreeMap<>(business);
        p.put("AccessKeyId", "LTAItestMigrator");
        p.put("Format", "JSON");
        p.put("Version", "2016-01-20");
        p.put("SignatureMethod", "HMAC-SHA1");
        p.put("SignatureVersion", "1.0");
        p.put("SignatureNonce", UUID.randomUUID().toString());
        p.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        p.put("Signature", Signatures.v1Signature(Signatures.v1StringToSign(method, p), secret));
        return p;
    }

    private static String form(Map<String, String> p) {
        return p.entrySet().stream()
                .map(e -> Signatures.pct(e.getKey()) + "=" + Signatures.pct(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private String url() {
        return "https://" + emu.info().regionEndpoint("cn-hangzhou") + "/";
    }

    @Test
    void tamperedQuery_failsTheSignature() throws Exception {
        Map<String, String> p = signed(
                "POST", Map.of("Action", "DescribeSecret", "SecretName", "orders/db-password"), "test-migrator-secret");
        p.put("SecretName", "rds/orders");
        HttpResponse<byte[]> r = RawHttp.send("POST", url() + "?" + form(p), Map.of(), null);
        assertEquals(400, r.statusCode());
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertTrue(body.contains("\"Code\":\"IncompleteSignature\"") && body.contains("string to sign is:POST&"), body);
    }

    @Test
    void formBodyAndGet_areAcceptedLikeTerraformAndBrowsersSendThem() throws Exception {
        Map<String, String> p = signed(
                "POST", Map.of("Action", "DescribeSecret", "SecretName", "orders/db-password"), "test-migrator-secret");
        HttpResponse<byte[]> post = RawHttp.send(
                "POST",
                url(),
                Map.of("Content-Type", "application/x-www-form-urlencoded"),
                form(p).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, post.statusCode(), new String(post.body(), StandardCharsets.UTF_8));
        assertTrue(post.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        Map<String, String> g = signed(
                "GET", Map.of("Action", "DescribeSecret", "SecretName", "orders/db-password"), "test-migrator-secret");
        HttpResponse<byte[]> get = RawHttp.send("GET", url() + "?" + form(g), Map.of(), null);
        assertEquals(200, get.statusCode(), new String(get.body(), StandardCharsets.UTF_8));
    }

    @Test
    void badRequests_get400NeverAServerError() throws Exception {
        HttpResponse<byte[]> noAction = RawHttp.send("POST", url(), Map.of(), null);
        assertEquals(400, noAction.statusCode());
        assertTrue(new String(noAction.body(), StandardCharsets.UTF_8).contains("MissingParameter"));
        assertTrue(
                RawHttp.rawStatusLine(emu.info().regionEndpoint("cn-hangzhou"), "POST /?Action=%zz HTTP/1.1")
                        .contains(" 400 "),
                "malformed percent-encoding is a 400");
        Map<String, String> p = signed(
                "POST",
                Map.of(
                        "Action",
                        "CreateSecret",
                        "SecretName",
                        "x/y",
                        "VersionId",
                        "v1",
                        "SecretData",
                        "CANARY",
                        "Tags",
                        "{not json"),
                "test-migrator-secret");
        HttpResponse<byte[]> badJson = RawHttp.send("POST", url() + "?" + form(p), Map.of(), null);
        assertEquals(400, badJson.statusCode());
        assertTrue(new String(badJson.body(), StandardCharsets.UTF_8).contains("InvalidParameter"));
        Map<String, String> unknown = signed("POST", Map.of("Action", "Frobnicate"), "test-migrator-secret");
        assertEquals(
                404,
                RawHttp.send("POST", url() + "?" + form(unknown), Map.of(), null)
                        .statusCode());
    }

    @Test
    void errorBodies_carryRequestIdHostIdCodeAndMessage() throws Exception {
        Map<String, String> p =
                signed("POST", Map.of("Action", "DescribeSecret", "SecretName", "missing"), "test-migrator-secret");
        HttpResponse<byte[]> r = RawHttp.send("POST", url() + "?" + form(p), Map.of(), null);
        assertEquals(404, r.statusCode());
        var json = io.kmsmig.emulator.openapi.Json.MAPPER.readTree(r.body());
        assertEquals("Forbidden.ResourceNotFound", json.get("Code").asString());
        assertEquals("kms.cn-hangzhou.aliyuncs.com", json.get("HostId").asString());
        assertTrue(json.get("RequestId").asString().length() >= 32);
        assertTrue(!json.get("Message").asString().isEmpty());
    }
}
