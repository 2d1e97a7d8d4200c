package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.FaultConfig;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.ClientKeyInfo;
import io.kmsmig.emulator.world.CreateSecretRequest;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.SecretType;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.emulator.world.World;
import io.kmsmig.emulator.world.WorldDocument;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.emulator.world.WorldLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The world log is folded into a new snapshot when it outgrows the snapshot, and nothing is lost by it. */
class WorldStoreTest {
    @TempDir
    Path dir;

    @Test
    void aLogLargerThanTheSnapshot_isFoldedIntoANewOne_andTheWorldReloadsWhole() throws Exception {
        // given a store over a small world whose log is folded once it exceeds the snapshot
        Path data = dir.resolve("w.json");
        EmulatorClock clock = new EmulatorClock(Clock.systemUTC());
        WorldDocument doc = WorldFile.parse(SdkHarness.resource("basic.yaml").getBytes(StandardCharsets.UTF_8), clock);
        World world = doc.world();
        for (ClientKeyInfo k : world.clientKeys()) { // as the emulator's start generates them
            world.replaceClientKey(new ClientKeyInfo(k.id(), k.kmsInstanceId(), "PEM", "key.json", "password"));
        }
        WorldStore store =
                new WorldStore(data, world, new Faults(FaultConfig.fromJson(doc.faults())), new AuditLog(), 0);
        store.open(0, false);
        long snapshot = Files.size(data);

        // when secrets of 1 KB each are written until their records outgrow the snapshot several times
        int n = (int) (4 * snapshot / 1024) + 1;
        for (int i = 0; i < n; i++) {
            String name = "bulk/" + i;
            world.write(w -> new SecretWrites(w, w.region("cn-hangzhou"))
                    .create(new CreateSecretRequest(
                            name,
                            "v1",
                            "CANARY-" + "x".repeat(1024),
                            "text",
                            SecretType.Generic,
                            null,
                            null,
                            null,
                            List.of(),
                            null,
                            null,
                            null,
                            null)));
        }

        // then the log was folded more than once, stays below the snapshot it continues, and a load sees every write
        assertTrue(store.compactions() >= 3, "compactions: " + store.compactions());
        assertTrue(Files.size(WorldLog.fileFor(data)) <= Files.size(data) + 2048, "the log stays small");
        WorldDocument again = WorldFile.loadPersisted(data, new EmulatorClock(Clock.systemUTC()));
        int bulk = again.world().read(w -> (int) w.region("cn-hangzhou").secrets().stream()
                .filter(s -> s.name().startsWith("bulk/"))
                .count());
        assertEquals(n, bulk);
        store.close();
    }
}
