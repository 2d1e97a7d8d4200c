package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.formats.JsonReader;
import io.kmsmig.formats.ParsedDocument;
import io.kmsmig.formats.SchemaCheck;
import io.kmsmig.formats.YamlReader;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import io.kmsmig.support.Worlds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The state verbs on a PostgreSQL state: list --migrations, history, show --serial, force-unlock and sandbox reset,
 * and history on a state file for comparison. The password is never printed.
 */
class StateVerbsPostgresTest {
    private static final String CANARY_PASSWORD = "CANARY-PG-PASSWORD-3d8e";

    @TempDir
    Path dir;

    private String schema;
    private CliRun cli;
    private final List<CliRun.Result> results = new ArrayList<>();

    @BeforeEach
    void sandboxWithItsStateInPostgres() throws Exception {
        schema = EmbeddedPg.freshSchema();
        Files.writeString(dir.resolve("world.yaml"), Worlds.generic(2, true, "{}"));
        Files.writeString(
                dir.resolve("spec.yaml"),
                Worlds.sandboxSpec("").replace("state: state.json\n", PgSpecs.stateBlock(PgSpecs.url(), schema, "")));
        cli = new CliRun(dir).env("PGPASSWORD", CANARY_PASSWORD);
    }

    private CliRun.Result run(String... args) {
        CliRun.Result r = cli.run(args);
        results.add(r);
        assertFalse(r.all().contains(CANARY_PASSWORD), "the password was printed:\n" + r.all());
        return r;
    }

    private PostgresStateBackend backend(String name, String workspace) {
        return new PostgresStateBackend(EmbeddedPg.dataSource(), schema, name, workspace, Clock.systemUTC(), "t", 3);
    }

    private static JsonNode conforming(String stdout, String schemaFile) {
        ParsedDocument doc = new JsonReader(YamlReader.Limits.SMALL).read(stdout.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), SchemaCheck.of(schemaFile).validate(doc), schemaFile + ":\n" + stdout);
        return doc.root();
    }

    @Test
    void listMigrations_namesTheSpecsOfTheWorkspace_only() {
        assertEquals(0, run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        // another migration in the same schema, one in another workspace
        try (StateBackend.Lock l = backend("billing", "").lock("apply", Duration.ZERO, x -> {})) {
            backend("billing", "")
                    .openJournal(State.empty("billing"), "0".repeat(64))
                    .close();
        }
        try (StateBackend.Lock l = backend("staging-only", "staging").lock("apply", Duration.ZERO, x -> {})) {
            backend("staging-only", "staging")
                    .openJournal(State.empty("staging-only"), "0".repeat(64))
                    .close();
        }
        // when
        CliRun.Result text = run("state", "list", "-f", "spec.yaml", "--migrations");
        CliRun.Result json = run("state", "list", "-f", "spec.yaml", "--migrations", "--format", "json");
        // then
        assertEquals(0, text.exit(), text.all());
        assertEquals("billing\ngenerated\n", text.out());
        assertEquals(
                "[\"billing\",\"generated\"]",
                conforming(json.out(), "state-migrations.v1.schema.json")
                        .get("migrations")
                        .toString());
    }

    @Test
    void historyAndShowSerial_showTheKeptSnapshots_andSaySoWhenOneIsNot() {
        assertEquals(0, run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        assertEquals(0, run("verify", "-f", "spec.yaml").exit());
        // when
        CliRun.Result text = run("state", "history", "-f", "spec.yaml");
        JsonNode json = conforming(
                run("state", "history", "-f", "spec.yaml", "--format", "json").out(), "state-history.v1.schema.json");
        // then
        assertEquals(0, text.exit(), text.all());
        assertTrue(text.out().contains("PostgreSQL keeps the 10 snapshots before the current one"), text.out());
        assertEquals(10, json.get("depth").asInt());
        assertEquals(2, json.get("snapshots").size(), json.toString());
        long current = json.get("snapshots").get(0).get("serial").asLong();
        long previous = json.get("snapshots").get(1).get("serial").asLong();
        assertTrue(json.get("snapshots").get(0).get("current").asBoolean());
        assertTrue(previous < current, json.toString());
        CliRun.Result old = run("state", "show", "-f", "spec.yaml", "--serial", String.valueOf(previous));
        assertEquals(0, old.exit(), old.all());
        assertTrue(old.out().startsWith("State lineage ") && old.out().contains("serial " + previous), old.out());
        CliRun.Result gone = run("state", "show", "-f", "spec.yaml", "--serial", "9999");
        assertEquals(1, gone.exit(), gone.all());
        assertTrue(
                gone.err()
                        .contains("Serial 9999 is not kept. The state is at serial " + current + "; kept before it: "
                                + previous + "."),
                gone.err());
        assertTrue(gone.err().contains("PostgreSQL keeps the 10 snapshots before the current one"), gone.err());
    }

    @Test
    void historyOnAStateFile_saysItKeepsOneBackup() throws Exception {
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        assertEquals(0, run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        assertEquals(0, run("verify", "-f", "spec.yaml").exit());
        CliRun.Result h = run("state", "history", "-f", "spec.yaml");
        assertTrue(
                h.out().contains("the file backend keeps one snapshot before the current one, in state.json.backup"),
                h.out());
        assertEquals(
                4, h.out().lines().count(), "a heading, the columns, the current state and its backup:\n" + h.out());
        CliRun.Result more = run("state", "show", "-f", "spec.yaml", "--serial", "1");
        assertEquals(1, more.exit(), more.all());
        assertTrue(more.err().contains("Serial 1 is not kept."), more.err());
        assertTrue(more.err().contains("a PostgreSQL state keeps the last 10"), more.err());
    }

    @Test
    void forceUnlock_refusesALiveSession_andClearsADeadHoldersRow() throws Exception {
        assertEquals(0, run("plan", "-f", "spec.yaml").exit(), "creates the schema");
        String id;
        try (StateBackend.Lock held = backend("generated", "").lock("apply", Duration.ZERO, x -> {})) {
            id = held.id();
            CliRun.Result live = run("force-unlock", "-f", "spec.yaml", id);
            assertEquals(1, live.exit(), live.all());
            assertTrue(live.err().contains("whose database session is still open"), live.err());
        }
        // a holder row its dead session left (the lock itself died with the session)
        try (Connection c = EmbeddedPg.dataSource().getConnection();
                PreparedStatement ins = c.prepareStatement("INSERT INTO " + schema + ".lock_holder SELECT id, ?, 4242,"
                        + " 'gone-runner', 'apply', now(), 'old', 1 FROM " + schema + ".migration")) {
            ins.setString(1, id);
            assertEquals(1, ins.executeUpdate());
        }
        CliRun.Result dead = run("force-unlock", "-f", "spec.yaml", id);
        assertEquals(0, dead.exit(), dead.all());
        assertTrue(dead.out().contains("the lock of apply by pid 4242 on gone-runner was released"), dead.out());
        try (Connection c = EmbeddedPg.dataSource().getConnection();
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + schema + ".lock_holder")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the dead holder's row is gone");
        }
    }

    @Test
    void sandboxReset_forgetsThePostgresState_andSaysSo() {
        assertEquals(0, run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        // when
        CliRun.Result reset = run("sandbox", "reset", "-f", "spec.yaml");
        CliRun.Result again = run("sandbox", "reset", "-f", "spec.yaml");
        // then
        assertEquals(0, reset.exit(), reset.all());
        assertTrue(
                reset.out()
                        .contains("the state in postgresql://localhost:" + PgSpecs.port() + "/postgres schema " + schema
                                + ", migration generated"),
                reset.out());
        assertFalse(backend("generated", "").read("generated").state().exists(), "the state is gone");
        assertTrue(again.out().contains("The sandbox was already fresh"), again.out());
    }
}
