package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.support.SharedClientKey;
import io.kmsmig.support.Worlds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Only kmsmig retries: the old SDK's own retries (auto-retry on I/O errors, its retry policy) are off, so a call
 * that fails every time reaches the server exactly as many times as the spec's maxAttempts, counted by the
 * emulator's call log, over the real SDK and HTTPS.
 */
class OneRetryLayerTest {
    private static final String REGION = "cn-hangzhou";
    private static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(1, true, "{}")));
        TrustRegistry.register(emu.info().regionEndpoint(REGION), emu.info().caCertFile());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static KmsPort port(int maxAttempts) {
        Guard guard = new Guard(
                new RateLimits(Map.of()),
                RetryPolicy.of(maxAttempts),
                new CallMeter(),
                d -> {},
                RandomGenerator.getDefault(),
                Clock.systemUTC());
        RegionTarget t = new RegionTarget(
                REGION,
                emu.info().regionEndpoint(REGION),
                null,
                new CredentialSource.StaticKey("LTAIgenMigrator", "gen-migrator-secret", null, "the test"),
                "source");
        return new Connections(t, t, null, guard, 1).source();
    }

    @ParameterizedTest(name = "{0} answered to every call, maxAttempts {1}: {1} requests reach the server")
    @CsvSource({"503 status, 1", "503 status, 3", "dropped connection, 1", "dropped connection, 4"})
    void describeSecret_reachesTheServerOncePerKmsmigAttempt(String fault, int maxAttempts) {
        // given: every DescribeSecret fails
        boolean drop = fault.startsWith("dropped");
        emu.setFaults(FaultConfig.NONE.withFailures(
                List.of(new FaultConfig.Failure("DescribeSecret", null, 1.0, 503, drop))));
        long before = emu.calls().count(REGION, "DescribeSecret");
        try {
            // when
            KmsCallException e =
                    assertThrows(KmsCallException.class, () -> port(maxAttempts).describeSecret("app0/secret-0"));
            // then: kmsmig's attempts only; the SDK added none of its own
            assertEquals(maxAttempts, emu.calls().count(REGION, "DescribeSecret") - before, e.getMessage());
        } finally {
            emu.setFaults(FaultConfig.NONE);
        }
    }

    @Test
    void instanceGateway_reachesTheServerOncePerRead() {
        // given: every read through the KMS instance endpoint answers 503
        var key = SharedClientKey.get();
        emu.world().replaceClientKey(key);
        emu.setFaults(FaultConfig.NONE.withFailures(
                List.of(new FaultConfig.Failure("GetSecretValue", null, 1.0, 503, false))));
        long before = emu.calls().count("Gateway.GetSecretValue");
        try {
            DkmsGateway gw = new DkmsGateway(new GatewayTarget(
                    emu.info().instances().get("kst-sh-gen"),
                    java.nio.file.Path.of(key.file()),
                    key.password(),
                    "the test",
                    emu.info().caCertFile()));
            // when
            KmsCallException e =
                    assertThrows(KmsCallException.class, () -> gw.getSecretValue("app0/secret-0", "ACSCurrent"));
            // then: one request; the DKMS SDK retried nothing on its own
            assertEquals(1, emu.calls().count("Gateway.GetSecretValue") - before, e.getMessage());
        } finally {
            emu.setFaults(FaultConfig.NONE);
        }
    }
}
