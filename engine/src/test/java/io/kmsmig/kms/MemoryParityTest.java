package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.support.Worlds;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The in-memory KMS answers as the emulator does over HTTPS through the real SDK: the same call on the same world
 * gives the same result, or fails with the same {@link KmsCallException} code, kind and retryability, for the
 * errors planner and applier meet (kms-openapi.md §2: not found, exists, pending deletion, bad parameter,
 * throttling, 5xx, dropped connections).
 */
class MemoryParityTest {
    private static final String SOURCE = "cn-hangzhou";
    private static final String KEY = "LTAIgenMigrator";
    private static final String WORLD = Worlds.generic(3, true, "{}");
    private static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(WORLD));
        emu.info()
                .regions()
                .values()
                .forEach(e -> TrustRegistry.register(e, emu.info().caCertFile()));
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static KmsPort https(String region) {
        var info = emu.info();
        RegionTarget t = new RegionTarget(
                region,
                info.regionEndpoint(region),
                info.actionTrail().get(region),
                new CredentialSource.StaticKey(KEY, "gen-migrator-secret", null, "the test"),
                "source");
        return new AliyunKms(AliyunClients.client(t, 1, k -> {}), region, t.kmsEndpoint());
    }

    /** Both ports over fresh copies of the same world, with the same faults. */
    private record Pair(KmsPort wire, KmsPort memory) {}

    private static Pair fresh(String faults) {
        emu.replaceWorld(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(
                MemoryCloud.ofYaml(WORLD, Clock.systemUTC()).dump())));
        MemoryCloud cloud = MemoryCloud.ofYaml(WORLD, Clock.systemUTC());
        FaultConfig f = FaultConfig.fromJson(Json.MAPPER.readTree(faults));
        emu.setFaults(f);
        cloud.setFaults(f);
        return new Pair(https(SOURCE), cloud.kms(SOURCE, KEY));
    }

    private static KmsCallException failure(KmsPort port, Consumer<KmsPort> call) {
        return assertThrows(KmsCallException.class, () -> call.accept(port));
    }

    private static void sameFailure(String faults, String code, Consumer<KmsPort> call) {
        Pair p = fresh(faults);
        KmsCallException wire = failure(p.wire(), call);
        KmsCallException memory = failure(p.memory(), call);
        assertEquals(code, wire.code(), "over HTTPS: " + wire.getMessage());
        assertEquals(wire.code(), memory.code(), memory.getMessage());
        assertEquals(wire.kind(), memory.kind(), memory.getMessage());
        assertEquals(wire.retryable(), memory.retryable());
        assertEquals(wire.action(), memory.action());
    }

    private static <T> void sameResult(Function<KmsPort, T> call) {
        Pair p = fresh("{}");
        assertEquals(call.apply(p.wire()), call.apply(p.memory()));
    }

    private static NewSecret secret(String name, String value) {
        return new NewSecret(
                name,
                "Generic",
                "v1",
                new SecretValue(value, "text"),
                null,
                null,
                "made in a test",
                Map.of("team", "t1"),
                null,
                false,
                null,
                null);
    }

    @Test
    void readsOfTheSameWorld_giveTheSameAnswers() {
        sameResult(k -> k.describeSecret("app1/secret-1").orElseThrow());
        sameResult(k -> k.listSecrets(1, 2, null));
        sameResult(k -> k.listSecrets(1, 10, "[{\"Key\":\"SecretName\",\"Values\":[\"app1/secret-1\"]}]"));
        sameResult(k -> k.listSecrets(
                1, 10, "[{\"Key\":\"TagKey\",\"Values\":[\"team\"]}," + "{\"Key\":\"TagValue\",\"Values\":[\"t1\"]}]"));
        sameResult(k -> k.listSecretVersionIds("app2/secret-2", 1, 10));
        sameResult(k -> k.getSecretValue("app2/secret-2", "v2").sameAs(new SecretValue("CANARY 2 2", "text")));
        sameResult(k -> k.describeSecret("no/such-secret"));
        sameResult(k -> k.describeKey("key-hz-gen"));
        sameResult(k -> k.getKmsInstanceStatus("kst-hz-gen"));
        sameResult(k -> k.getKmsInstanceStatus("kst-nowhere"));
    }

    @Test
    void writesOfTheSameWorld_giveTheSameAnswers() {
        sameResult(k -> List.of(
                k.createSecret(secret("new/one", "CANARY new")),
                k.putSecretValue("new/one", "v2", new SecretValue("CANARY v2", "text"), null),
                k.putSecretValue("new/one", "v3", new SecretValue("CANARY v3", "text"), List.of("Custom")),
                k.listSecretVersionIds("new/one", 1, 10).totalCount()));
    }

    @Test
    void notFound_isTheSameCodeAndKind() {
        sameFailure("{}", "Forbidden.ResourceNotFound", k -> k.getSecretValue("no/such-secret", "v1"));
        sameFailure("{}", "Forbidden.ResourceNotFound", k -> k.getSecretValue("app1/secret-1", "v9"));
    }

    @Test
    void rejections_areTheSameCodeAndKind() {
        sameFailure("{}", "Rejected.ResourceExist", k -> k.createSecret(secret("app0/secret-0", "CANARY x")));
        sameFailure(
                "{}",
                "Rejected.ResourceExist",
                k -> k.putSecretValue("app1/secret-1", "v1", new SecretValue("CANARY other", "text"), null));
        sameFailure("{}", "InvalidParameter", k -> k.deleteSecret("app0/secret-0", 3, false));
        sameFailure("{}", "Rejected.ResourceInDeleteWindow", k -> {
            k.deleteSecret("app0/secret-0", 7, false);
            k.putSecretValue("app0/secret-0", "v9", new SecretValue("CANARY v9", "text"), null);
        });
        sameFailure("{}", "Rejected.ResourceInUse", k -> k.restoreSecret("app0/secret-0"));
    }

    @Test
    void injectedFaults_areTheSameCodeAndKind() {
        sameFailure("{ \"throttleRate\": 1.0 }", "Rejected.Throttling", k -> k.describeSecret("app0/secret-0"));
        sameFailure(
                "{ \"failures\": [ { \"action\": \"*\", \"rate\": 1.0, \"status\": 503 } ] }",
                "ServiceUnavailableTemporary",
                k -> k.listSecrets(1, 10, null));
        sameFailure(
                "{ \"failures\": [ { \"action\": \"*\", \"rate\": 1.0, \"status\": 500 } ] }",
                "InternalFailure",
                k -> k.listSecrets(1, 10, null));
        sameFailure(
                "{ \"failures\": [ { \"action\": \"write\", \"nth\": 2, \"status\": 503 } ] }",
                "ServiceUnavailableTemporary",
                k -> {
                    k.createSecret(secret("new/one", "CANARY one"));
                    k.createSecret(secret("new/two", "CANARY two"));
                });
    }

    @Test
    void aDroppedConnection_isANetworkFailureOnBothPaths() {
        Pair p = fresh("{ \"failures\": [ { \"action\": \"*\", \"rate\": 1.0, \"drop\": true } ] }");
        KmsCallException wire = failure(p.wire(), k -> k.listSecrets(1, 10, null));
        KmsCallException memory = failure(p.memory(), k -> k.listSecrets(1, 10, null));
        assertEquals(KmsCallException.Kind.NETWORK, wire.kind(), wire.getMessage());
        assertEquals(wire.kind(), memory.kind());
        assertTrue(memory.retryable());
        assertFalse(memory.getMessage().contains("CANARY"));
    }
}
