package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.support.Worlds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CA given for one endpoint (the KMS instance's PrivateKmsCA) is trusted for that endpoint only: another endpoint
 * whose certificate the same CA signs, here the emulator's cn-shanghai OpenAPI endpoint standing in for the public
 * kms.cn-shanghai.aliyuncs.com, is refused over the real SDK and TLS.
 */
class TrustScopeTest {
    private static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(1, true, "{}")));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static KmsPort port(String region) {
        RegionTarget t = new RegionTarget(
                region,
                emu.info().regionEndpoint(region),
                null,
                new CredentialSource.StaticKey("LTAIgenMigrator", "gen-migrator-secret", null, "the test"),
                "destination");
        return new AliyunKms(AliyunClients.client(t, 1, k -> {}), region, t.kmsEndpoint());
    }

    @Test
    void instanceCa_isNotTrustedForAnotherEndpointItSigns() {
        // given: the CA is registered for the instance endpoint only
        String instance = emu.info().instances().get("kst-sh-gen");
        TrustRegistry.register(instance, emu.info().caCertFile());
        String openApi = emu.info().regionEndpoint("cn-shanghai");
        long before = emu.calls().count("cn-shanghai", "DescribeSecret");

        // when: the OpenAPI endpoint, whose certificate that CA also signs, is called
        KmsCallException e =
                assertThrows(KmsCallException.class, () -> port("cn-shanghai").describeSecret("x"));

        // then: refused at TLS, before any request reached the server, naming both endpoints
        assertEquals(KmsCallException.Kind.TLS, e.kind(), e.getMessage());
        // (the emulators of one test JVM share a CA, so the list may name other tests' endpoints too)
        String m = e.getMessage();
        assertTrue(
                m.contains("trusts only for ")
                        && m.indexOf(TrustRegistry.key(instance)) > m.indexOf("trusts only for ")
                        && m.contains("not for " + TrustRegistry.key(openApi)),
                m);
        assertEquals(before, emu.calls().count("cn-shanghai", "DescribeSecret"));
    }

    @Test
    void caRegisteredForTheEndpoint_isTrustedThere() {
        // given
        String openApi = emu.info().regionEndpoint("cn-hangzhou");
        TrustRegistry.register(openApi, emu.info().caCertFile());
        // when / then: the call reaches KMS (a missing secret is KMS's answer, not a TLS failure)
        assertTrue(port("cn-hangzhou").describeSecret("no-such-secret").isEmpty());
    }
}
