package io.kmsmig.support;

import io.kmsmig.cli.CliRun;
import io.kmsmig.kms.MemoryCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * {@link EmulatedCloud}'s in-memory twin: kmsmig runs in-process over a {@link MemoryCloud} (the emulator's world
 * model, no HTTP, no TLS) with a spec of the same shape, and tests inspect the world directly. For tests of planner,
 * applier and cutover logic; what only the wire can show stays on EmulatedCloud.
 */
public final class MemoryWorld implements WorldView, AutoCloseable {
    public final MemoryCloud memory;
    public final Path dir;

    public MemoryWorld(Path dir, String worldYaml, String specExtra) {
        this.dir = dir;
        this.memory = MemoryCloud.ofYaml(worldYaml, Clock.systemUTC());
        writeSpec(specExtra);
    }

    public void writeSpec(String specExtra) {
        try {
            Files.writeString(dir.resolve("spec.yaml"), Worlds.memorySpec(specExtra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CliRun cli() {
        return new CliRun(dir).ports(memory.ports("LTAIgenMigrator"));
    }

    public CliRun.Result run(String... args) {
        return cli().run(args);
    }

    /** Another team's application reads {@code name} with its own key: the use cutover must notice (AppReader's twin). */
    public void appRead(String region, String keyId, String name) {
        memory.kms(region, keyId, "AlibabaCloud (Linux) Java orders-service/1.4.2")
                .getSecretValueByStage(name, "ACSCurrent");
    }

    /** Nothing to release (no server, no port, no thread); tests hold it like an EmulatedCloud. */
    @Override
    public void close() {}

    @Override
    public Map<String, JsonNode> secrets(String region) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode s : memory.dump().at("/regions/" + region + "/secrets")) {
            out.put(s.get("name").asString(), s);
        }
        return out;
    }
}
