package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.state.postgres.PostgresStateBackend;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code state push} and {@code state pull} move a migration's state between a file and PostgreSQL: byte for byte,
 * under the lock, and never over a state of another lineage or a newer one without --force.
 */
class StatePushPullTest {
    private static final String CANARY_PASSWORD = "CANARY-PG-PASSWORD-91c2";

    /** One sandbox applied and verified with a file state, copied into each test's directory. */
    @TempDir
    static Path template;

    @TempDir
    Path dir;

    private String schema;
    private CliRun cli;
    private final List<CliRun.Result> results = new ArrayList<>();

    @BeforeAll
    static void sandboxAppliedWithAFileState() throws Exception {
        Files.writeString(template.resolve("world.yaml"), Worlds.generic(3, true, "{}"));
        Files.writeString(template.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        CliRun once = new CliRun(template);
        assertEquals(0, once.run("apply", "-f", "spec.yaml", "--auto-approve").exit());
        assertEquals(0, once.run("verify", "-f", "spec.yaml").exit(), "a second fold, so state.json.backup exists");
    }

    @BeforeEach
    void copyOfTheSandbox_andASpecWithItsStateInPostgres() throws Exception {
        schema = EmbeddedPg.freshSchema();
        for (String f : List.of("world.yaml", "spec.yaml", "sandbox.json", "state.json", "state.json.backup")) {
            Files.copy(template.resolve(f), dir.resolve(f));
        }
        cli = new CliRun(dir).env("PGPASSWORD", CANARY_PASSWORD);
        Files.writeString(
                dir.resolve("pg.yaml"),
                Files.readString(dir.resolve("spec.yaml"))
                        .replace("state: state.json\n", PgSpecs.stateBlock(PgSpecs.url(), schema, "")));
    }

    private CliRun.Result run(String... args) {
        CliRun.Result r = cli.run(args);
        results.add(r);
        return r;
    }

    private void noPasswordPrinted() {
        for (CliRun.Result r : results) {
            assertFalse(r.all().contains(CANARY_PASSWORD), "the password was printed:\n" + r.all());
        }
    }

    @Test
    void pushThenPull_roundTripsByteIdentical_andThePlanFindsNothingToDo() throws Exception {
        String file = Files.readString(dir.resolve("state.json"));
        // when
        CliRun.Result push = run("state", "push", "-f", "pg.yaml", "state.json");
        CliRun.Result stdout = run("state", "pull", "-f", "pg.yaml");
        CliRun.Result pulled = run("state", "pull", "-f", "pg.yaml", "back/pulled.state.json");
        CliRun.Result plan = run("plan", "-f", "pg.yaml", "--detailed-exitcode");
        // then
        assertEquals(0, push.exit(), push.all());
        assertTrue(push.out().startsWith("Pushed state.json (lineage "), push.out());
        assertTrue(
                push.err()
                        .contains("State: postgresql://localhost:" + PgSpecs.port() + "/postgres schema " + schema
                                + ", migration generated"),
                push.err());
        assertEquals(0, stdout.exit(), stdout.all());
        assertEquals(file, stdout.out(), "pull to stdout gives the pushed file byte for byte");
        assertEquals(0, pulled.exit(), pulled.all());
        assertEquals(file, Files.readString(dir.resolve("back/pulled.state.json")), "and so does pull to a file");
        assertEquals(0, plan.exit(), "the state moved whole: nothing to do\n" + plan.all());
        noPasswordPrinted();
        String db = PostgresStateLeakTest.dump(EmbeddedPg.dataSource(), schema);
        assertTrue(db.contains("app0/secret-0"), "the dump holds the pushed state");
        for (String needle : PostgresStateLeakTest.needles()) {
            assertFalse(db.contains(needle), "a value or a digest of one reached the database: " + needle);
        }
    }

    @Test
    void push_refusesAnotherLineageAndAnOlderState_unlessForced() throws Exception {
        assertEquals(0, run("state", "push", "-f", "pg.yaml", "state.json").exit());
        String there = run("state", "pull", "-f", "pg.yaml").out();
        String lineage = there.replaceAll("(?s).*\"lineage\" : \"([^\"]+)\".*", "$1");
        Files.writeString(dir.resolve("other.json"), there.replace(lineage, "00000000-0000-4000-8000-000000000000"));
        // when
        CliRun.Result other = run("state", "push", "-f", "pg.yaml", "other.json");
        CliRun.Result older = run("state", "push", "-f", "pg.yaml", "state.json.backup");
        CliRun.Result unchanged = run("state", "pull", "-f", "pg.yaml");
        CliRun.Result same = run("state", "push", "-f", "pg.yaml", "state.json");
        CliRun.Result forced = run("state", "push", "-f", "pg.yaml", "other.json", "--force");
        // then
        assertEquals(1, other.exit(), other.all());
        assertTrue(
                other.err().contains("Refused: the incoming state is another state (another lineage)."), other.err());
        assertTrue(other.err().contains("state pull -f pg.yaml saved.state.json"), "says how to keep a copy");
        assertTrue(other.err().contains("--force"), other.err());
        assertEquals(1, older.exit(), older.all());
        assertTrue(older.err().contains("is older than the one there (a lower serial)"), older.err());
        assertEquals(there, unchanged.out(), "nothing was written by the refused pushes");
        assertEquals(0, same.exit(), same.all());
        assertTrue(same.out().contains("already holds this state"), same.out());
        assertEquals(0, forced.exit(), forced.all());
        assertTrue(forced.out().contains("replacing lineage " + lineage), forced.out());
        String serial = there.replaceAll("(?s).*?\"serial\" : (\\d+),.*", "$1");
        long next = Long.parseLong(serial) + 1;
        assertEquals(
                Files.readString(dir.resolve("other.json"))
                        .replace("\"serial\" : " + serial + ",", "\"serial\" : " + next + ","),
                run("state", "pull", "-f", "pg.yaml").out(),
                "the forced state as pushed, at the serial after the replaced one's");
        noPasswordPrinted();
    }

    @Test
    void forcedPushOfAnotherLineageAtALowerSerial_keepsTheReplacedStateInTheHistory() throws Exception {
        assertEquals(0, run("state", "push", "-f", "pg.yaml", "state.json").exit());
        String there = run("state", "pull", "-f", "pg.yaml").out();
        String lineage = there.replaceAll("(?s).*\"lineage\" : \"([^\"]+)\".*", "$1");
        String serial = there.replaceAll("(?s).*?\"serial\" : (\\d+),.*", "$1");
        Files.writeString(
                dir.resolve("fresh.json"),
                there.replace(lineage, "00000000-0000-4000-8000-000000000000")
                        .replace("\"serial\" : " + serial + ",", "\"serial\" : 1,"));
        // when
        CliRun.Result forced = run("state", "push", "-f", "pg.yaml", "fresh.json", "--force");
        CliRun.Result history = run("state", "history", "-f", "pg.yaml");
        CliRun.Result replaced = run("state", "show", "-f", "pg.yaml", "--serial", serial, "--format", "json");
        // then
        long next = Long.parseLong(serial) + 1;
        assertEquals(0, forced.exit(), forced.all());
        assertTrue(forced.out().contains("Written as serial " + next), forced.out());
        assertEquals(0, history.exit(), history.all());
        assertTrue(history.out().contains(lineage), "the replaced state is in the history:\n" + history.out());
        assertEquals(0, replaced.exit(), replaced.all());
        assertTrue(replaced.out().contains("\"lineage\" : \"" + lineage + "\""), replaced.out());
        assertTrue(
                run("state", "pull", "-f", "pg.yaml").out().contains("\"serial\" : " + next + ","),
                "the pushed state got the next serial");
        noPasswordPrinted();
    }

    @Test
    void pullIntoAFileOfAnotherLineage_isRefusedUnlessForced() throws Exception {
        assertEquals(0, run("state", "push", "-f", "pg.yaml", "state.json").exit());
        String file = Files.readString(dir.resolve("state.json"));
        String lineage = file.replaceAll("(?s).*\"lineage\" : \"([^\"]+)\".*", "$1");
        Files.writeString(dir.resolve("mine.json"), file.replace(lineage, "00000000-0000-4000-8000-000000000000"));
        CliRun.Result refused = run("state", "pull", "-f", "pg.yaml", "mine.json");
        assertEquals(1, refused.exit(), refused.all());
        assertTrue(refused.err().contains("another lineage"), refused.err());
        CliRun.Result forced = run("state", "pull", "-f", "pg.yaml", "mine.json", "--force");
        assertEquals(0, forced.exit(), forced.all());
        assertEquals(file, Files.readString(dir.resolve("mine.json")));
        assertTrue(Files.readString(dir.resolve("mine.json.backup")).contains("00000000-0000-4000-8000"), "kept");
    }

    @Test
    void push_takesTheLock_andNamesItsHolder() throws Exception {
        PostgresStateBackend pg = new PostgresStateBackend(
                EmbeddedPg.dataSource(), schema, "generated", "", Clock.systemUTC(), "test", 3);
        try (StateBackend.Lock held = pg.lock("apply", Duration.ZERO, line -> {})) {
            CliRun.Result push = run("state", "push", "-f", "pg.yaml", "state.json");
            assertEquals(1, push.exit(), push.all());
            assertTrue(push.err().contains("is locked by apply by pid"), push.err());
            assertTrue(push.err().contains("lock id " + held.id()), push.err());
        }
        assertFalse(pg.read("generated").state().exists(), "the refused push wrote nothing");
        assertEquals(0, run("state", "push", "-f", "pg.yaml", "state.json").exit(), "once the lock is free");
        noPasswordPrinted();
    }

    @Test
    void pull_ofNoState_andPushOfTheSpecsOwnFile_sayWhatToDo() {
        CliRun.Result none = run("state", "pull", "-f", "pg.yaml");
        assertEquals(1, none.exit(), none.all());
        assertTrue(none.err().contains("There is no state to pull: postgresql://localhost:"), none.err());
        CliRun.Result own = run("state", "push", "-f", "spec.yaml", "state.json");
        assertEquals(1, own.exit(), own.all());
        assertTrue(own.err().contains("state.json is the spec's own state file"), own.err());
        CliRun.Result ontoSpec = run("state", "pull", "-f", "pg.yaml", "pg.yaml");
        assertEquals(1, ontoSpec.exit(), ontoSpec.all());
        assertTrue(ontoSpec.err().contains("state pull pg.yaml is the spec of pg.yaml"), ontoSpec.err());
    }

    @Test
    void helpTexts_teachWithExamples() {
        for (String verb : List.of("push", "pull", "history")) {
            CliRun.Result h = run("state", verb, "--help");
            assertEquals(0, h.exit(), h.all());
            assertTrue(h.out().contains("Examples"), h.out());
            assertTrue(h.out().contains("kmsmig state " + verb + " -f spec.yaml"), h.out());
        }
        assertTrue(run("state", "--help").out().contains("kmsmig state push -f spec.yaml state/hz-to-sh.state.json"));
    }
}
