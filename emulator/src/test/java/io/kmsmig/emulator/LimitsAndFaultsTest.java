package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.kms.model.v20160120.DeleteSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretVersionStageRequest;
import io.kmsmig.emulator.faults.FaultConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Version and label limits, recovery windows under the fake clock, and injected faults as the SDK sees them. */
class LimitsAndFaultsTest {
    static KmsEmulator emu;
    static SdkHarness.Client sh;

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
        sh = SdkHarness.client(emu, "cn-shanghai");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @AfterEach
    void clearFaults() {
        emu.setFaults(FaultConfig.NONE);
    }

    static void put(String secret, String id, String stagesJson) throws ClientException {
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName(secret);
        p.setVersionId(id);
        p.setSecretData("CANARY-" + id);
        if (stagesJson != null) {
            p.setVersionStages(stagesJson);
        }
        sh.call(p);
    }

    @Test
    void eleventhVersion_evictsTheEarliestUnlabelledOne() throws Exception {
        sh.call(SecretApiSdkTest.create("limit/versions", "v1", "CANARY-v1"));
        put("limit/versions", "v2", "[\"Keep\"]");
        for (int i = 3; i <= 11; i++) {
            put("limit/versions", "v" + i, null);
        }
        Map<String, List<String>> map = SecretApiSdkTest.stageMap(sh, "limit/versions");
        assertEquals(10, map.size(), map.toString());
        assertFalse(map.containsKey("v1"), "v1 had no label left and was the earliest: evicted");
        assertEquals(List.of("Keep"), map.get("v2"), "a labelled version survives");
    }

    @Test
    void ninthLabel_isRejected() throws Exception {
        sh.call(SecretApiSdkTest.create("limit/labels", "v1", "CANARY-v1"));
        put("limit/labels", "v2", "[\"L1\",\"L2\",\"L3\",\"L4\",\"L5\",\"L6\",\"L7\"]");
        UpdateSecretVersionStageRequest r = new UpdateSecretVersionStageRequest();
        r.setSecretName("limit/labels");
        r.setVersionStage("L8");
        r.setMoveToVersion("v1");
        assertEquals("Rejected.LimitExceeded", sh.errorOf(r), "ACSCurrent + 7 custom = 8; a 9th is too many");
    }

    @Test
    void emptyVersionStages_followSwitchC() throws Exception {
        sh.call(SecretApiSdkTest.create("empty/stages", "v1", "CANARY-v1"));
        PutSecretValueRequest p = new PutSecretValueRequest();
        p.setSecretName("empty/stages");
        p.setVersionId("v2");
        p.setSecretData("CANARY-v2");
        p.setVersionStages("[]");
        assertEquals("InvalidParameter", sh.errorOf(p));
        emu.setSemantics(emu.world().semantics().withAcceptEmptyVersionStages(true));
        try {
            sh.call(p);
            assertEquals(
                    Map.of("v1", List.of("ACSCurrent"), "v2", List.of()),
                    SecretApiSdkTest.stageMap(sh, "empty/stages"));
        } finally {
            emu.setSemantics(emu.world().semantics().withAcceptEmptyVersionStages(false));
        }
    }

    @Test
    void recoveryWindow_expiresUnderTheFakeClock() throws Exception {
        sh.call(SecretApiSdkTest.create("clock/expiry", "v1", "CANARY-v1"));
        DeleteSecretRequest d = new DeleteSecretRequest();
        d.setSecretName("clock/expiry");
        d.setRecoveryWindowInDays("7");
        sh.call(d);
        DescribeSecretRequest describe = new DescribeSecretRequest();
        describe.setSecretName("clock/expiry");
        emu.advanceClock(Duration.ofDays(6));
        assertTrue(sh.call(describe).getPlannedDeleteTime() != null, "still in the window after 6 days");
        emu.advanceClock(Duration.ofDays(1).plusSeconds(1));
        assertEquals("Forbidden.ResourceNotFound", sh.errorOf(describe), "purged after 7 days");
        sh.call(SecretApiSdkTest.create("clock/expiry", "v1", "CANARY-again"));
    }

    @Test
    void quotas_answerRejectedThrottlingToTheSdk() throws Exception {
        emu.setFaults(FaultConfig.NONE.withQuotas(true).withQps(Map.of("secretRead", 2.0)));
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("orders/db-password");
        SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
        int throttled = 0;
        for (int i = 0; i < 6; i++) {
            try {
                hz.call(g);
            } catch (ClientException e) {
                assertEquals("Rejected.Throttling", e.getErrCode());
                throttled++;
            }
        }
        assertTrue(throttled >= 3, "a burst of 6 against 2 QPS is throttled: " + throttled);
        assertTrue(emu.calls().codes().getOrDefault("Rejected.Throttling", 0L) >= 3);
    }

    @Test
    void injectedFailures_reachTheSdkAsServerErrorsAndDroppedConnections() throws Exception {
        emu.setFaults(FaultConfig.NONE.withFailures(List.of(
                new FaultConfig.Failure("DescribeSecret", 2, null, 503, false),
                new FaultConfig.Failure("GetSecretValue", 1, null, 500, true))));
        SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        hz.call(d);
        try {
            hz.call(d);
            throw new AssertionError("the 2nd DescribeSecret fails");
        } catch (ServerException e) {
            assertEquals("ServiceUnavailableTemporary", e.getErrCode());
        }
        hz.call(d);
        GetSecretValueRequest g = new GetSecretValueRequest();
        g.setSecretName("orders/db-password");
        try {
            hz.call(g);
            throw new AssertionError("the 1st GetSecretValue is dropped");
        } catch (ClientException e) {
            assertTrue(e.getErrCode().startsWith("SDK."), e.getErrCode());
        }
        assertEquals("CANARY-v3-orders", hz.call(g).getSecretData(), "the next one succeeds");
    }

    @Test
    void latency_isAddedPerAction() throws Exception {
        emu.setFaults(FaultConfig.NONE.withLatencyMs(150));
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName("orders/db-password");
        SdkHarness.Client hz = SdkHarness.client(emu, "cn-hangzhou");
        hz.call(d);
        long start = System.nanoTime();
        hz.call(d);
        assertTrue(System.nanoTime() - start >= 150_000_000L, "at least the injected latency");
    }
}
