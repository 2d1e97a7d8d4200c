package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.world.EmulatorClock;
import io.kmsmig.emulator.world.WorldDocument;
import io.kmsmig.emulator.world.WorldFile;
import io.kmsmig.emulator.world.WorldLog;
import io.kmsmig.formats.FormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The world file round-trip, durability of answered writes, concurrency and bad world files. */
class WorldPersistenceTest {
    @TempDir
    Path dir;

    private KmsEmulator startPersistent(Path data) {
        return KmsEmulator.start(
                EmulatorConfig.ofYaml(SdkHarness.world("basic.yaml")).withDataFile(data));
    }

    /** The world a process that loads the data file now would see: the snapshot and its log. */
    private static ObjectNode persistedNow(Path data) {
        WorldDocument doc = WorldFile.loadPersisted(data, new EmulatorClock(Clock.systemUTC()));
        return doc.world().read(w -> WorldFile.toJson(w, doc.faults(), doc.events()));
    }

    private static JsonNode withoutVolatile(ObjectNode dump) {
        ObjectNode copy = (ObjectNode) Json.MAPPER.readTree(Json.MAPPER.writeValueAsBytes(dump));
        copy.remove("events");
        copy.remove("clientKeys");
        return copy;
    }

    @Test
    void worldFile_roundTripsThroughWritesPersistenceAndReload() throws Exception {
        Path data = dir.resolve("world.json");
        ObjectNode before;
        try (KmsEmulator emu = startPersistent(data)) {
            SdkHarness.Client sh = SdkHarness.client(emu, "cn-shanghai");
            sh.call(SecretApiSdkTest.create("persist/me", "p1", "CANARY-p1"));
            PutSecretValueRequest p = new PutSecretValueRequest();
            p.setSecretName("persist/me");
            p.setVersionId("p2");
            p.setSecretData("CANARY-p2");
            p.setVersionStages("[\"Custom\"]");
            sh.call(p);
            before = emu.dump();
            assertEquals(withoutVolatile(before), withoutVolatile(persistedNow(data)), "answered writes are on disk");
            assertEquals(
                    1, emu.compactions(), "the writes were appended to the log, the snapshot written only at start");
            assertTrue(Files.size(WorldLog.fileFor(data)) > 0, "the log holds them");
        }
        try (KmsEmulator again = startPersistent(data)) {
            assertEquals(withoutVolatile(before), withoutVolatile(again.dump()), "reload gives the same world");
            GetSecretValueRequest g = new GetSecretValueRequest();
            g.setSecretName("persist/me");
            g.setVersionId("p2");
            assertEquals(
                    "CANARY-p2", SdkHarness.client(again, "cn-shanghai").call(g).getSecretData());
        }
    }

    @Test
    void concurrentClients_writingDifferentSecrets_loseNothing() throws Exception {
        Path data = dir.resolve("busy.json");
        try (KmsEmulator emu = startPersistent(data)) {
            ExecutorService pool = Executors.newFixedThreadPool(64);
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    SdkHarness.Client sh = SdkHarness.client(emu, "cn-shanghai");
                    sh.call(SecretApiSdkTest.create("busy/" + client, "v0", "CANARY-" + client + "-0"));
                    for (int v = 1; v <= 3; v++) {
                        PutSecretValueRequest p = new PutSecretValueRequest();
                        p.setSecretName("busy/" + client);
                        p.setVersionId("v" + v);
                        p.setSecretData("CANARY-" + client + "-" + v);
                        sh.call(p);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            JsonNode onDisk = persistedNow(data);
            int found = 0;
            for (JsonNode s : onDisk.at("/regions/cn-shanghai/secrets")) {
                if (s.get("name").asString().startsWith("busy/")) {
                    found++;
                    assertEquals(4, s.get("versions").size(), s.get("name").asString());
                }
            }
            assertEquals(64, found, "every secret and every version reached the world file");
            assertEquals(64 * 4, emu.calls().writes());
        }
    }

    @Test
    void badWorldFiles_failWithTheLineAndField() {
        String bad = SdkHarness.resource("basic.yaml").replace("stages: [ACSPrevious]", "stages: [ACSCurrent]");
        FormatException e = assertThrows(FormatException.class, () -> KmsEmulator.start(EmulatorConfig.ofYaml(bad)));
        assertTrue(
                e.problems().get(0).message().contains("marks both"),
                e.problems().toString());
        assertTrue(e.problems().get(0).position().line() > 1);
        String newer = SdkHarness.resource("basic.yaml").replace("version: 1", "version: 2");
        FormatException v = assertThrows(FormatException.class, () -> KmsEmulator.start(EmulatorConfig.ofYaml(newer)));
        assertTrue(v.problems().get(0).message().contains("newer than this emulator reads (version 1)"));
        String unknown = SdkHarness.resource("basic.yaml").replace("semantics:", "semantix:");
        FormatException u =
                assertThrows(FormatException.class, () -> KmsEmulator.start(EmulatorConfig.ofYaml(unknown)));
        assertTrue(
                u.problems().get(0).message().contains("did you mean 'semantics'"),
                u.problems().toString());
        // a clock offset that overflows time (it was an ArithmeticException: "internal error ... This is a bug")
        String skewed = SdkHarness.resource("basic.yaml")
                .replace("version: 1", "version: 1\nclockOffsetSeconds: 31000000000000000");
        FormatException c = assertThrows(FormatException.class, () -> KmsEmulator.start(EmulatorConfig.ofYaml(skewed)));
        assertTrue(
                c.problems().get(0).message().contains("out of range -3155760000..3155760000"),
                c.problems().toString());
        assertEquals(3, c.problems().get(0).position().line(), c.problems().toString());
    }

    @Test
    void truncatedDataFile_isAClearErrorNotAnEmptyWorld() throws Exception {
        Path data = dir.resolve("cut.json");
        try (KmsEmulator emu = startPersistent(data)) {
            emu.dump();
        }
        byte[] whole = Files.readAllBytes(data);
        Files.write(data, java.util.Arrays.copyOf(whole, whole.length / 2));
        FormatException e = assertThrows(FormatException.class, () -> startPersistent(data));
        assertTrue(
                e.problems().get(0).message().contains("not valid JSON"),
                e.problems().toString());
        assertTrue(
                new String(Files.readAllBytes(data), StandardCharsets.UTF_8).length() < whole.length, "left as found");
    }
}
