package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.render.MarkdownPlanRenderer;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first run leaves behind and what it teaches: the tour's outputs are git-ignored and {@code sandbox reset}
 * removes them; hints name the command as the user ran it; a Markdown plan says what it ran against; apply without
 * a terminal refuses before it plans.
 */
class TourConventionsTest {
    @TempDir
    Path dir;

    @Test
    void theToursOutputs_areIgnoredByGit() throws Exception {
        for (String f : List.of(
                "state/quickstart.kmsplan",
                "state/cutover.kmsplan",
                "state/apply-events.jsonl",
                "state/quickstart.state.json",
                "state/sandbox/quickstart.world.json")) {
            Process p = new ProcessBuilder("git", "check-ignore", "-q", "--no-index", f)
                    .directory(CliRun.REPO.toFile())
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), f + " is ignored by git");
        }
    }

    @Test
    void sandboxReset_removesTheSavedPlansAndEventsItsCommandsCreated_butNotAFileThatWasThere() throws IOException {
        // given: a sandbox, a saved plan, an apply writing a new events file and appending to an existing one
        Files.writeString(dir.resolve("world.yaml"), Worlds.generic(2, true, "{}"));
        Files.writeString(dir.resolve("spec.yaml"), Worlds.sandboxSpec(""));
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("mine.jsonl"), "{\"kept\":true}\n");
        CliRun cli = new CliRun(dir);
        assertEquals(
                0, cli.run("plan", "-f", "spec.yaml", "-o", "out/saved.kmsplan").exit());
        CliRun.Result apply = cli.run("apply", "-f", "spec.yaml", "out/saved.kmsplan", "--events", "out/events.jsonl");
        assertEquals(0, apply.exit(), apply.all());
        assertEquals(
                0, cli.run("plan", "-f", "spec.yaml", "-o", "out/again.kmsplan").exit());
        assertEquals(
                0,
                cli.run("apply", "-f", "spec.yaml", "--auto-approve", "--events", "mine.jsonl")
                        .exit());

        // when
        CliRun.Result reset = cli.run("sandbox", "reset", "-f", "spec.yaml");

        // then
        assertEquals(0, reset.exit(), reset.all());
        assertTrue(reset.out().contains("out/saved.kmsplan, out/events.jsonl, out/again.kmsplan."), reset.out());
        for (String gone :
                List.of("out/saved.kmsplan", "out/events.jsonl", "out/again.kmsplan", "sandbox.json.outputs")) {
            assertFalse(Files.exists(dir.resolve(gone)), gone);
        }
        assertTrue(
                Files.readString(dir.resolve("mine.jsonl")).startsWith("{\"kept\":true}\n"), "the user's file stays");
    }

    @Test
    void hints_nameTheCommandAsTheUserRanIt() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(1, true, "{}"), "")) {
            // given: the launcher says it was run as ./kmsmig
            CliRun.Result dotSlash =
                    cloud.cli().env("KMSMIG_PROG", "./kmsmig").run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
            assertTrue(
                    dotSlash.err().contains("Apply exactly this plan with: ./kmsmig apply -f spec.yaml p.kmsplan"),
                    dotSlash.err());

            // and: without a launcher (or with a value that is not one printable line) the name is plain kmsmig
            CliRun.Result plain = cloud.run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
            assertTrue(
                    plain.err().contains("Apply exactly this plan with: kmsmig apply -f spec.yaml p.kmsplan"),
                    plain.err());
            CliRun.Result forged =
                    cloud.cli().env("KMSMIG_PROG", "x\nrm -rf /").run("plan", "-f", "spec.yaml", "-o", "p.kmsplan");
            assertTrue(forged.err().contains("with: kmsmig apply -f spec.yaml p.kmsplan"), forged.err());
        }
    }

    @Test
    void applyWithoutATerminal_refusesBeforeItPlans() throws IOException {
        try (MemoryWorld cloud = new MemoryWorld(dir, Worlds.generic(2, true, "{}"), "")) {
            // when: apply, neither a terminal nor --auto-approve nor a saved plan
            CliRun.Result r = cloud.cli().env("KMSMIG_PROG", "./kmsmig").run("apply", "-f", "spec.yaml");

            // then: the reason and the way out, and no plan printed above it, nothing written
            assertEquals(1, r.exit(), r.all());
            assertEquals("", r.out(), "no plan before the refusal");
            assertTrue(r.err().contains("kmsmig apply needs approval, and there is no terminal to ask on"), r.err());
            assertTrue(
                    r.err()
                            .contains("./kmsmig plan -f spec.yaml -o plan.kmsplan && ./kmsmig apply -f spec.yaml "
                                    + "plan.kmsplan"),
                    r.err());
            assertFalse(Files.exists(dir.resolve("state.json")));
        }
    }

    @Test
    void markdownPlan_saysWhetherItRanAgainstTheSandboxOrTheCloud() throws IOException {
        // given: a cloud-shaped spec (endpoints; the test injects the KMS) and a sandbox spec
        try (MemoryWorld cloud =
                new MemoryWorld(Files.createDirectories(dir.resolve("cloud")), Worlds.generic(1, true, "{}"), "")) {
            Path sandbox = Files.createDirectories(dir.resolve("sandbox"));
            Files.writeString(sandbox.resolve("world.yaml"), Worlds.generic(1, true, "{}"));
            Files.writeString(sandbox.resolve("spec.yaml"), Worlds.sandboxSpec(""));

            // when
            CliRun.Result real = cloud.run("plan", "-f", "spec.yaml", "--format", "markdown");
            CliRun.Result local = new CliRun(sandbox).run("plan", "-f", "spec.yaml", "--format", "markdown");

            // then
            assertTrue(real.out().contains("\n\n" + MarkdownPlanRenderer.CLOUD + "\n\n"), real.out());
            assertFalse(real.out().contains("sandbox"), real.out());
            assertTrue(local.out().contains("\n\n" + MarkdownPlanRenderer.SANDBOX + "\n\n"), local.out());
        }
    }
}
