package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.support.Worlds;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Error answers read by {@link StrictCall} map to the same {@link KmsCallException} (code, kind, message) as the
 * SDK's own reader gave before, over the real SDK and the emulator (sdk-wire-protocol.md §2.5, §2.8).
 */
class StrictCallErrorsTest {
    private static final String REGION = "cn-hangzhou";
    private static KmsEmulator emu;
    private static String endpoint;

    @BeforeAll
    static void start() {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(2, true, "{}")));
        endpoint = emu.info().regionEndpoint(REGION);
        TrustRegistry.register(endpoint, emu.info().caCertFile());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static DefaultAcsClient client(String keyId, String secret) {
        return AliyunClients.client(
                new RegionTarget(
                        REGION,
                        endpoint,
                        null,
                        new CredentialSource.StaticKey(keyId, secret, null, "the test"),
                        "source"),
                1,
                k -> {});
    }

    /** What the SDK's getAcsResponse and SdkErrors made of the same answer: the behaviour before StrictCall. */
    private static KmsCallException viaSdkReader(DefaultAcsClient c, String action, AcsRequest<?> req, String sent) {
        req.setSysEndpoint(endpoint);
        req.setSysProtocol(ProtocolType.HTTPS);
        try {
            c.getAcsResponse(req);
        } catch (ClientException e) {
            return SdkErrors.map(action, REGION, endpoint, e, sent);
        }
        throw new AssertionError(action + " succeeded through the SDK's reader");
    }

    private static String withoutRequestId(String m) {
        return m.replaceAll(" \\(RequestId [^)]*\\)", "");
    }

    private static void assertSameMapping(
            DefaultAcsClient c,
            String action,
            Supplier<AcsRequest<?>> req,
            String sent,
            Function<AliyunKms, Object> strictCall,
            String expectedCode) {
        KmsCallException before = viaSdkReader(c, action, req.get(), sent);
        KmsCallException now =
                assertThrows(KmsCallException.class, () -> strictCall.apply(new AliyunKms(c, REGION, endpoint)));
        assertEquals(expectedCode, now.code(), now.getMessage());
        assertEquals(before.code(), now.code());
        assertEquals(before.kind(), now.kind());
        assertEquals(withoutRequestId(before.getMessage()), withoutRequestId(now.getMessage()));
        assertTrue(now.requestId() != null && !now.requestId().isEmpty(), "the server's RequestId is kept");
    }

    private static GetSecretValueRequest get(String name) {
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSecretName(name);
        r.setVersionId("v1");
        return r;
    }

    @Test
    void wrongSecret_isStillTheSdksInvalidAccessKeySecret() {
        DefaultAcsClient c = client("LTAIgenMigrator", "not-the-secret");
        assertSameMapping(
                c,
                "GetSecretValue",
                () -> get("app0/secret-0"),
                null,
                k -> k.getSecretValue("app0/secret-0", "v1"),
                "SDK.InvalidAccessKeySecret");
    }

    @Test
    void unknownAccessKey_missingSecret_andExistingVersion_keepTheServersCodes() {
        assertSameMapping(
                client("LTAInobody", "x"),
                "GetSecretValue",
                () -> get("app0/secret-0"),
                null,
                k -> k.getSecretValue("app0/secret-0", "v1"),
                "InvalidAccessKeyId.NotFound");
        DefaultAcsClient c = client("LTAIgenMigrator", "gen-migrator-secret");
        assertSameMapping(
                c,
                "GetSecretValue",
                () -> get("no/such-secret"),
                null,
                k -> k.getSecretValue("no/such-secret", "v1"),
                "Forbidden.ResourceNotFound");
        String other = "CANARY another value";
        assertSameMapping(
                c,
                "PutSecretValue",
                () -> {
                    PutSecretValueRequest r = new PutSecretValueRequest();
                    r.setSecretName("app0/secret-0");
                    r.setVersionId("v1");
                    r.setSecretData(other);
                    return r;
                },
                other,
                k -> k.putSecretValue("app0/secret-0", "v1", new SecretValue(other, "text"), null),
                "Rejected.ResourceExist");
    }

    @Test
    void serverErrors_areStillServerExceptions() {
        emu.setFaults(FaultConfig.NONE.withFailures(
                List.of(new FaultConfig.Failure("GetSecretValue", null, 1.0, 503, false))));
        try {
            DefaultAcsClient c = client("LTAIgenMigrator", "gen-migrator-secret");
            assertSameMapping(
                    c,
                    "GetSecretValue",
                    () -> get("app0/secret-0"),
                    null,
                    k -> k.getSecretValue("app0/secret-0", "v1"),
                    "ServiceUnavailableTemporary");
        } finally {
            emu.setFaults(FaultConfig.NONE);
        }
    }
}
