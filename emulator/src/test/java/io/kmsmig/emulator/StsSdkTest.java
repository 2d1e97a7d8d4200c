package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsRequest;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsResponse;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.emulator.openapi.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The emulator's STS endpoint through the core SDK (kms-openapi.md §19): GetCallerIdentity for a RAM user's key and
 * for an STS session, AssumeRole issuing a new key id per session, and ActionTrail naming the caller's principal the
 * way LookupEvents does (ram-user, or assumed-role with a sessionContext).
 */
class StsSdkTest {
    static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(SdkHarness.world("basic.yaml")
                .replace("clientKeys:", "roles: [ { name: Kmsmig-Release } ]\nclientKeys:")));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void getCallerIdentity_namesTheRamUser_whoseKeySignedIt() throws Exception {
        JsonNode who = sts(client("LTAItestApp", "test-app-secret", null), "GetCallerIdentity", Map.of());
        assertEquals("RAMUser", who.path("IdentityType").asString());
        assertEquals("1234567890123456", who.path("AccountId").asString());
        assertEquals(
                "acs:ram::1234567890123456:user/orders-app", who.path("Arn").asString());
        assertEquals(who.path("UserId").asString(), who.path("PrincipalId").asString());
    }

    @Test
    void assumeRole_issuesANewKeyPerSession_andEachSessionIsTheRole() throws Exception {
        // given: two sessions of one role
        JsonNode one = sts(
                client("LTAItestMigrator", "test-migrator-secret", null),
                "AssumeRole",
                Map.of("RoleArn", "acs:ram::1234567890123456:role/kmsmig-release", "RoleSessionName", "run-1"));
        JsonNode two = sts(
                client("LTAItestMigrator", "test-migrator-secret", null),
                "AssumeRole",
                Map.of("RoleArn", "acs:ram::1234567890123456:role/kmsmig-release", "RoleSessionName", "run-2"));
        String id1 = one.at("/Credentials/AccessKeyId").asString();
        String id2 = two.at("/Credentials/AccessKeyId").asString();
        // then: the key ids rotate, and start as STS keys do
        assertTrue(id1.startsWith("STS."), id1);
        assertNotEquals(id1, id2);
        assertEquals(
                "acs:ram::1234567890123456:role/kmsmig-release/run-1",
                one.at("/AssumedRoleUser/Arn").asString());
        // and GetCallerIdentity with the session's credentials names the assumed role and the session
        DefaultAcsClient session = client(
                id1,
                one.at("/Credentials/AccessKeySecret").asString(),
                one.at("/Credentials/SecurityToken").asString());
        JsonNode who = sts(session, "GetCallerIdentity", Map.of());
        assertEquals("AssumedRoleUser", who.path("IdentityType").asString());
        assertEquals(
                "acs:ram::1234567890123456:assumed-role/kmsmig-release/run-1",
                who.path("Arn").asString());
        assertEquals(
                who.path("RoleId").asString() + ":run-1",
                who.path("PrincipalId").asString());

        // when: the session reads a secret
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("orders/db-password");
        g.setSysEndpoint(emu.info().regionEndpoint("cn-hangzhou"));
        session.getAcsResponse(g);
        // then: ActionTrail shows the assumed role, its session and the rotating key id
        LookupEventsRequest r = new LookupEventsRequest();
        LookupEventsRequest.LookupAttribute a = new LookupEventsRequest.LookupAttribute();
        a.setKey("EventAccessKeyId");
        a.setValue(id1);
        r.setLookupAttributes(List.of(a));
        r.setStartTime(Instant.now()
                .minus(Duration.ofHours(1))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setEndTime(Instant.now()
                .plus(Duration.ofMinutes(1))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setSysEndpoint(emu.info().actionTrail().get("cn-hangzhou"));
        r.setSysProtocol(ProtocolType.HTTPS);
        LookupEventsResponse events =
                SdkHarness.client(emu, "cn-hangzhou").acs().getAcsResponse(r);
        assertEquals(1, events.getEvents().size());
        @SuppressWarnings("unchecked")
        Map<Object, Object> identity =
                (Map<Object, Object>) events.getEvents().get(0).get("userIdentity");
        assertEquals("assumed-role", identity.get("type"));
        assertEquals("Kmsmig-Release:run-1", identity.get("userName"));
        assertEquals(id1, identity.get("accessKeyId"));
        assertEquals(who.path("PrincipalId").asString(), identity.get("principalId"));
        assertEquals("1234567890123456", identity.get("accountId"));
        assertTrue(String.valueOf(identity.get("sessionContext")).contains("mfaAuthenticated"), identity.toString());
    }

    @Test
    void assumeRole_refusesARoleTheWorldDoesNotDeclare() {
        ClientException e = org.junit.jupiter.api.Assertions.assertThrows(
                ClientException.class,
                () -> sts(
                        client("LTAItestMigrator", "test-migrator-secret", null),
                        "AssumeRole",
                        Map.of("RoleArn", "acs:ram::1234567890123456:role/admin", "RoleSessionName", "x1")));
        assertEquals("EntityNotExist.Role", e.getErrCode());
    }

    @Test
    void info_listsTheStsEndpoint() {
        assertEquals(emu.info().sts(), emu.info().toJson().at("/sts/endpoint").asString());
        assertTrue(emu.info().sts().matches("[0-9.]+:[0-9]+"), emu.info().sts());
    }

    private static DefaultAcsClient client(String id, String secret, String token) {
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", id, secret);
        profile.setHttpClientConfig(SdkHarness.httpConfig());
        return token == null
                ? new DefaultAcsClient(profile)
                : new DefaultAcsClient(
                        profile, new StaticCredentialsProvider(new BasicSessionCredentials(id, secret, token)));
    }

    private static JsonNode sts(DefaultAcsClient client, String action, Map<String, String> params) throws Exception {
        CommonRequest r = new CommonRequest();
        r.setSysMethod(MethodType.POST);
        r.setSysProtocol(ProtocolType.HTTPS);
        r.setSysDomain(emu.info().sts());
        r.setSysProduct("Sts");
        r.setSysVersion("2015-04-01");
        r.setSysAction(action);
        params.forEach(r::putQueryParameter);
        return Json.MAPPER.readTree(client.getCommonResponse(r).getData());
    }
}
