package io.kmsmig.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.kms.ApiGroup;
import io.kmsmig.kms.CallMeter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's arithmetic and its generated world; the harness itself runs with kmsmig bench, outside mvn verify. */
class BenchPartsTest {
    @Test
    void ideal_isTheLargerOfTheLatencyBoundAndTheBusiestQuota() {
        Map<CallMeter.Call, Long> calls = Map.of(
                new CallMeter.Call("cn-shanghai", "CreateSecret"),
                100L,
                new CallMeter.Call("cn-shanghai", "PutSecretValue"),
                200L,
                new CallMeter.Call("cn-hangzhou", "GetSecretValue"),
                300L);
        Ideal quota = Ideal.of(calls, 10, 16, ApiGroup::defaultQps);
        assertEquals(600 * 10 / 1000.0 / 16, quota.latencyBound(), 1e-9);
        assertEquals(100 / 10.0, quota.quotaBound(), 1e-9, "100 creates at 10 per second");
        assertEquals(10.0, quota.seconds(), 1e-9);
        assertEquals("cn-shanghai secretCreateDelete 10/s", quota.boundBy());
        Ideal latency = Ideal.of(
                Map.of(new CallMeter.Call("cn-hangzhou", "DescribeSecret"), 1000L), 50, 1, ApiGroup::defaultQps);
        assertEquals(50.0, latency.seconds(), 1e-9);
        assertEquals("latency", latency.boundBy());
    }

    @Test
    void table_showsRatiosAndTheSpeedUpAgainstTheSerialRun() {
        Ideal ideal = new Ideal(2.0, 1.0, 2.0, "latency");
        Sample fast = new Sample(
                1000,
                "plan",
                16,
                10,
                2_500_000_000L,
                Map.of("r DescribeSecret", 2000L),
                0,
                0,
                100L << 20,
                1_000_000_000L,
                0,
                ideal);
        Sample serial = new Sample(
                1000,
                "plan",
                1,
                10,
                25_000_000_000L,
                Map.of("r DescribeSecret", 2000L),
                0,
                0,
                50L << 20,
                2_000_000_000L,
                0,
                ideal);
        String t = BenchTable.render(List.of(fast, serial), 10, 512L << 20);
        assertTrue(
                t.contains(
                        "| 1000 | plan | 16 | 2.5 | 2000 | 2.00 | 800.0 | 2.0 | latency | 1.25 | 10.0x | 100 | 1.0 | - | 0 / 0 |"),
                t);
        assertTrue(t.contains("engine heap limit 512 MB"), t);
    }

    @Test
    void sandboxTable_showsEachCommandsWallTimeAndPeakHeap() {
        String t = BenchTable.renderSandbox(
                List.of(new SandboxSample(10000, "show", 17_700_000_000L, 300L << 20, 21_000_000_000L)), 512L << 20);
        assertTrue(t.contains("| 10000 | show | 17.7 | 300 | 21.0 |"), t);
        assertTrue(t.contains("heap limit 512 MB for both"), t);
    }

    @Test
    void world_isValid_andMixesTheTypes() {
        try (KmsEmulator emu = KmsEmulator.start(EmulatorConfig.ofYaml(BenchWorld.yaml(200)))) {
            var secrets = emu.world().region("cn-hangzhou").secrets();
            assertEquals(200, secrets.size());
            long versions = secrets.stream().mapToLong(s -> s.versions().size()).sum();
            assertEquals(3.0, versions / 200.0, 0.5, "3 versions per secret on average");
            assertEquals(
                    List.of("ECS", "Generic", "RAMCredentials", "Rds"),
                    secrets.stream()
                            .map(s -> s.type().name())
                            .distinct()
                            .sorted()
                            .toList());
            assertTrue(secrets.stream().anyMatch(s -> s.kmsInstanceId() != null), "some inside a KMS instance");
        }
    }
}
