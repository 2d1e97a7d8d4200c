package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.formats.JsonReader;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every command that prints results has a JSON view on stdout that conforms to its schema in {@code schemas/}, so a
 * policy tool can read it: validate, apply's summary, verify, state list and state show.
 */
class JsonViewsTest {
    @TempDir
    Path dir;

    /** Parses {@code stdout} as one JSON document and checks it against {@code schema}; returns its root. */
    static JsonNode conforming(String stdout, String schema) {
        ParsedDocument doc = new JsonReader(YamlReader.Limits.SMALL).read(stdout.getBytes(StandardCharsets.UTF_8));
        assertEquals(java.util.List.of(), SchemaCheck.of(schema).validate(doc), schema + ":\n" + stdout);
        return doc.root();
    }

    @Test
    void validateJson_saysValidOrEveryProblemWithItsLine() throws IOException {
        // given
        Files.writeString(dir.resolve("good.yaml"), Worlds.memorySpec(""));
        Files.writeString(
                dir.resolve("bad.yaml"),
                Worlds.memorySpec("").replace("cn-shanghai", "cn-hangzhou").replace("parallelism", "x")
                        + "cutover: { recoveryWindowDays: 3 }\n");
        CliRun cli = new CliRun(dir);

        // when
        CliRun.Result good = cli.run("validate", "-f", "good.yaml", "--format", "json");
        CliRun.Result bad = cli.run("validate", "-f", "bad.yaml", "--format", "json");
        CliRun.Result missing = cli.run("validate", "-f", "nope.yaml", "--format", "json");

        // then
        assertEquals(0, good.exit(), good.all());
        JsonNode g = conforming(good.out(), "validate.v1.schema.json");
        assertTrue(g.get("valid").asBoolean());
        assertEquals("generated", g.get("spec_name").asString());
        assertEquals(1, bad.exit(), bad.all());
        JsonNode b = conforming(bad.out(), "validate.v1.schema.json");
        assertFalse(b.get("valid").asBoolean());
        assertEquals(2, b.get("diagnostics").size(), bad.out());
        assertEquals("destination.region", b.at("/diagnostics/0/field").asString(), bad.out());
        assertTrue(b.at("/diagnostics/0/line").asInt() > 1, bad.out());
        assertEquals("cutover.recoveryWindowDays", b.at("/diagnostics/1/field").asString(), bad.out());
        assertEquals(1, missing.exit());
        JsonNode m = conforming(missing.out(), "validate.v1.schema.json");
        assertTrue(m.get("error").asString().contains("Spec file not found"), missing.out());
    }

    @Test
    void applyVerifyAndStateJson_conformToTheirSchemas_andSayWhatTheTextSays() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(3, true, "{}"), "")) {
            // when
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve", "--format", "json");
            CliRun.Result verify = cloud.run("verify", "-f", "spec.yaml", "--format", "json");
            CliRun.Result list = cloud.run("state", "list", "-f", "spec.yaml", "--format", "json");
            CliRun.Result show = cloud.run("state", "show", "-f", "spec.yaml", "app1/secret-1", "--format", "json");

            // then: apply's stdout is the JSON summary alone; the plan and the text summary went to stderr
            assertEquals(0, apply.exit(), apply.all());
            JsonNode a = conforming(apply.out(), "apply.v1.schema.json");
            assertEquals("complete", a.get("result").asString());
            assertEquals(3, a.at("/counts/migrated").asInt(), apply.out());
            assertEquals("migrated", a.at("/secrets/app1~1secret-1/outcome").asString(), apply.out());
            assertTrue(apply.err().contains(a.get("summary").asString()), "the same summary, for people, on stderr");
            assertTrue(apply.err().contains("Plan: 3 to create"), apply.err());

            assertEquals(0, verify.exit(), verify.all());
            JsonNode v = conforming(verify.out(), "verify.v1.schema.json");
            assertEquals(3, v.get("secrets").size());
            assertEquals("verified", v.at("/secrets/0/result").asString());

            JsonNode st = conforming(list.out(), "state.v1.schema.json");
            JsonNode one = new JsonReader(YamlReader.Limits.SMALL)
                    .read(show.out().getBytes(StandardCharsets.UTF_8))
                    .root();
            assertEquals(
                    st.at("/secrets/app1~1secret-1"), one, "state show's record is the state file's ($defs/secret)");
        }
    }
}
