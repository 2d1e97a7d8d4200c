package io.kmsmig.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/** Assertions end-to-end tests share. */
public final class Checks {
    private Checks() {}

    /** Every source secret has an equal copy (metadata, version ids, stages, values) in the destination instance. */
    public static void destinationEqualsSource(WorldView cloud) {
        Map<String, JsonNode> src = cloud.secrets("cn-hangzhou");
        Map<String, JsonNode> dst = cloud.secrets("cn-shanghai");
        assertEquals(src.keySet(), dst.keySet(), "the same secret names");
        for (String name : src.keySet()) {
            assertEquals(
                    EmulatedCloud.comparable(src.get(name)),
                    EmulatedCloud.comparable(dst.get(name)),
                    "metadata, version ids, stages and values of " + name);
            assertEquals("kst-sh-gen", dst.get(name).get("kmsInstanceId").asString());
            assertEquals("key-sh-gen", dst.get(name).get("encryptionKeyId").asString());
        }
    }

    /** No canary value in any output, nor in any file under {@code dir} (state, backup, journal, events, plans, logs). */
    public static void leakFree(Path dir, CliRun.Result... results) throws IOException {
        for (CliRun.Result r : results) {
            assertFalse(r.all().contains("CANARY"), "stdout and stderr hold no value");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(
                        new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                                .contains("CANARY"),
                        f + " holds no value");
            }
        }
    }
}
