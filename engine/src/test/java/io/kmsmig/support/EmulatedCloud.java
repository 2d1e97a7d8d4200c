package io.kmsmig.support;

import io.kmsmig.cli.CliRun;
import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An emulator in the test JVM reached like the cloud (endpoints, CA file, env credentials): tests run kmsmig
 * against it and inspect the world directly through the emulator's dump.
 */
public final class EmulatedCloud implements AutoCloseable, WorldView {
    public final KmsEmulator emulator;
    public final Path dir;

    public EmulatedCloud(Path dir, String worldYaml, String specExtra) {
        this.dir = dir;
        this.emulator = KmsEmulator.start(EmulatorConfig.ofYaml(worldYaml));
        writeSpec(specExtra);
    }

    public void writeSpec(String specExtra) {
        writeSpec("state: state.json", specExtra);
    }

    /** Writes spec.yaml with {@code state} as its {@code state:} block (another file, or a PostgreSQL backend). */
    public void writeSpec(String state, String specExtra) {
        try {
            Files.writeString(dir.resolve("spec.yaml"), Worlds.cloudSpec(emulator.info(), state, specExtra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CliRun cli() {
        return new CliRun(dir).env("KMSMIG_AK_ID", "LTAIgenMigrator").env("KMSMIG_AK_SECRET", "gen-migrator-secret");
    }

    public CliRun.Result run(String... args) {
        return cli().run(args);
    }

    @Override
    public Map<String, JsonNode> secrets(String region) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode s : emulator.dump().at("/regions/" + region + "/secrets")) {
            out.put(s.get("name").asString(), s);
        }
        return out;
    }

    /**
     * What must be equal between a source secret and its destination copy: type, description, tags, and per version
     * id its stages, data and data type. Creation times, instance and key differ by design.
     */
    public static ObjectNode comparable(JsonNode s) {
        ObjectNode o = io.kmsmig.emulator.openapi.Json.object();
        o.put("type", s.get("type").asString());
        o.set("description", s.get("description"));
        o.set("tags", s.get("tags"));
        ObjectNode versions = o.putObject("versions");
        for (JsonNode v : s.get("versions")) {
            ObjectNode vo = versions.putObject(v.get("id").asString());
            var stages = new java.util.TreeSet<String>();
            v.get("stages").forEach(x -> stages.add(x.asString()));
            var arr = vo.putArray("stages");
            stages.forEach(arr::add);
            vo.put("data", v.get("data").asString())
                    .put("dataType", v.get("dataType").asString());
        }
        return o;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
