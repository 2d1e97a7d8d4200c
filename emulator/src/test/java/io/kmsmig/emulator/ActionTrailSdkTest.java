package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.actiontrail.model.v20200706.LookupEventsRequest;
import com.aliyuncs.actiontrail.model.v20200706.LookupEventsResponse;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LookupEvents through aliyun-java-sdk-actiontrail 1.2.0 (kms-openapi.md §17). */
class ActionTrailSdkTest {
    static KmsEmulator emu;

    @BeforeAll
    static void start() throws Exception {
        emu = SdkHarness.start("basic.yaml");
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("orders/db-password");
        SdkHarness.client(emu, "cn-hangzhou", 1).call(g);
        for (int i = 0; i < 3; i++) {
            SdkHarness.client(emu, "cn-hangzhou", 0).call(g);
        }
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static LookupEventsResponse lookup(Map<String, String> attrs, String nextToken, String max)
            throws Exception {
        LookupEventsRequest r = new LookupEventsRequest();
        List<LookupEventsRequest.LookupAttribute> list = new ArrayList<>();
        attrs.forEach((k, v) -> {
            LookupEventsRequest.LookupAttribute a = new LookupEventsRequest.LookupAttribute();
            a.setKey(k);
            a.setValue(v);
            list.add(a);
        });
        r.setLookupAttributes(list);
        r.setStartTime(Instant.now()
                .minus(Duration.ofHours(1))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setEndTime(Instant.now()
                .plus(Duration.ofMinutes(1))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setMaxResults(max);
        r.setNextToken(nextToken);
        r.setSysEndpoint(emu.info().actionTrail().get("cn-hangzhou"));
        // Unlike the KMS request classes, the ActionTrail ones do not pin HTTPS (sdk-wire-protocol.md §2.2).
        r.setSysProtocol(com.aliyuncs.http.ProtocolType.HTTPS);
        return SdkHarness.client(emu, "cn-hangzhou").acs().getAcsResponse(r);
    }

    @Test
    void lookupEvents_findsCallsOnASecretWithWhoAndHow() throws Exception {
        LookupEventsResponse resp =
                lookup(Map.of("ResourceName", "orders/db-password", "EventName", "GetSecretValue"), null, "50");
        assertEquals(4, resp.getEvents().size());
        Map<Object, Object> newest = resp.getEvents().get(0);
        assertEquals("GetSecretValue", newest.get("eventName"));
        assertEquals("orders/db-password", newest.get("resourceName"));
        assertTrue(
                String.valueOf(newest.get("userAgent")).contains("AlibabaCloud"),
                String.valueOf(newest.get("userAgent")));
        @SuppressWarnings("unchecked")
        Map<Object, Object> who = (Map<Object, Object>) newest.get("userIdentity");
        assertEquals("LTAItestMigrator", who.get("accessKeyId"));
        Map<Object, Object> oldest = resp.getEvents().get(3);
        @SuppressWarnings("unchecked")
        Map<Object, Object> app = (Map<Object, Object>) oldest.get("userIdentity");
        assertEquals("orders-app", app.get("userName"), "newest first: the app's read is the oldest");
        assertTrue(
                resp.getEvents().stream().noneMatch(e -> e.toString().contains("CANARY")), "events never hold values");
    }

    @Test
    void lookupEvents_pagesWithNextToken() throws Exception {
        LookupEventsResponse first = lookup(Map.of("ResourceName", "orders/db-password"), null, "3");
        assertEquals(3, first.getEvents().size());
        assertTrue(first.getNextToken() != null && !first.getNextToken().isEmpty());
        LookupEventsResponse second = lookup(Map.of("ResourceName", "orders/db-password"), first.getNextToken(), "3");
        assertEquals(1, second.getEvents().size());
        assertTrue(second.getNextToken() == null || second.getNextToken().isEmpty());
    }

    @Test
    void lookupEvents_respectsTheTimeWindow() throws Exception {
        LookupEventsRequest r = new LookupEventsRequest();
        r.setStartTime(Instant.now()
                .minus(Duration.ofDays(3))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setEndTime(Instant.now()
                .minus(Duration.ofDays(2))
                .truncatedTo(ChronoUnit.SECONDS)
                .toString());
        r.setSysEndpoint(emu.info().actionTrail().get("cn-hangzhou"));
        r.setSysProtocol(com.aliyuncs.http.ProtocolType.HTTPS);
        LookupEventsResponse resp = SdkHarness.client(emu, "cn-hangzhou").acs().getAcsResponse(r);
        assertTrue(resp.getEvents() == null || resp.getEvents().isEmpty());
        assertNull(emptyToNull(resp.getNextToken()));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
