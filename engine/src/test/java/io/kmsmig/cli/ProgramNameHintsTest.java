package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.Journal;
import io.kmsmig.state.SecretState;
import io.kmsmig.state.SecretStatus;
import io.kmsmig.state.State;
import io.kmsmig.state.StateStore;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ArrayNode;

/** Hints built deep in the engine (saved plans, the journal, targets) name the command as the launcher ran it. */
class ProgramNameHintsTest {
    /** A hint naming a command without the launcher's path: {@code kmsmig plan}, not {@code ./kmsmig plan}. */
    private static final Pattern BARE =
            Pattern.compile("(?<![./\\w-])kmsmig (plan|apply|state|force-unlock|verify|validate)\\b");

    @TempDir
    Path dir;

    private static CliRun.Result asDotSlash(MemoryWorld cloud, String... args) {
        return cloud.cli().env("KMSMIG_PROG", "./kmsmig").run(args);
    }

    private static void assertHint(CliRun.Result r, String hint) {
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains(hint), "expected '" + hint + "' in:\n" + r.err());
        assertFalse(BARE.matcher(r.all()).find(), "a hint names bare kmsmig:\n" + r.all());
    }

    @Test
    void staleSavedPlan_oldPlanFormat_andUnknownTarget_hintWithTheLaunchersName() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), "")) {
            // given: a saved plan, then a new source version behind its back
            assertEquals(
                    0,
                    asDotSlash(cloud, "plan", "-f", "spec.yaml", "-o", "p.kmsplan")
                            .exit());
            String planJson = Files.readString(dir.resolve("p.kmsplan"));
            assertFalse(planJson.contains("./kmsmig"), "the plan file is a machine file: " + planJson);
            var world = cloud.memory.dump();
            var versions =
                    (ArrayNode) world.at("/regions/cn-hangzhou/secrets").get(0).get("versions");
            versions.addObject()
                    .put("id", "v9")
                    .put("created", "2024-12-01T00:00:00Z")
                    .put("data", "CANARY new")
                    .put("dataType", "text")
                    .putArray("stages");
            cloud.memory.replaceWorld(world);

            // then: each refusal's way out is a ./kmsmig command
            assertHint(
                    asDotSlash(cloud, "apply", "-f", "spec.yaml", "p.kmsplan"),
                    "Make a new plan and review it: ./kmsmig plan -f spec.yaml -o <planfile>");
            Files.writeString(
                    dir.resolve("old.kmsplan"),
                    planJson.replaceFirst("\"format_version\"\\s*:\\s*\\d+", "\"format_version\": 1"));
            assertHint(
                    asDotSlash(cloud, "apply", "-f", "spec.yaml", "old.kmsplan"),
                    "make the plan again with: ./kmsmig plan -f SPEC -o old.kmsplan");
            assertHint(
                    asDotSlash(cloud, "apply", "-f", "spec.yaml", "missing.kmsplan"),
                    "Make one with: ./kmsmig plan -f SPEC -o missing.kmsplan");
            assertHint(
                    asDotSlash(cloud, "plan", "-f", "spec.yaml", "--target", "no/such-secret"),
                    "./kmsmig plan -f spec.yaml (without --target)");

            // and: a launcher path with a space stays one word when pasted, as in the CLI's own hints
            CliRun.Result spaced = cloud.cli()
                    .env("KMSMIG_PROG", "/x/My Tools/bin/kmsmig")
                    .run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertTrue(spaced.err().contains("review it: '/x/My Tools/bin/kmsmig' plan -f spec.yaml"), spaced.err());

            // and: without a launcher, the same hint says plain kmsmig (another run on this thread does not leak)
            CliRun.Result plain = cloud.run("apply", "-f", "spec.yaml", "p.kmsplan");
            assertTrue(plain.err().contains("review it: kmsmig plan -f spec.yaml"), plain.err());
        }
    }

    @Test
    void damagedJournal_namesTheRepairCommandWithTheLaunchersName_andTheStateNeverHoldsIt() throws Exception {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), "")) {
            assertEquals(
                    0,
                    asDotSlash(cloud, "apply", "-f", "spec.yaml", "--auto-approve")
                            .exit());
            // given: a journal of whole records (what a killed verify leaves), one byte of its first secret record
            // rotted
            StateStore store = new StateStore(dir.resolve("state.json"), Clock.systemUTC());
            State s = store.load("generated");
            try (Journal j = store.openJournal(s, s.specSha256())) {
                for (SecretState sec : s.secrets().values()) {
                    j.record(sec.withStatus(SecretStatus.VERIFIED, "verify", null, sec.updatedAt()), false);
                }
            }
            Path journal = dir.resolve("state.json.journal");
            byte[] bytes = Files.readAllBytes(journal);
            int second = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\n') + 1;
            bytes[second + 40] ^= 0x04;
            Files.write(journal, bytes);

            // then
            assertHint(
                    asDotSlash(cloud, "plan", "-f", "spec.yaml"),
                    "Repair it with:\n  ./kmsmig state repair -f spec.yaml");
            CliRun.Result repaired = asDotSlash(cloud, "state", "repair", "-f", "spec.yaml");
            assertEquals(0, repaired.exit(), repaired.all());
            assertTrue(repaired.out().contains("Next: ./kmsmig plan -f spec.yaml"), repaired.out());
            assertFalse(Files.readString(dir.resolve("state.json")).contains("./kmsmig"), "state is a machine file");
        }
    }
}
