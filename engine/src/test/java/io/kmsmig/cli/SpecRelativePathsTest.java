package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative paths in a spec resolve against the spec's directory (the {@code docker compose -f} convention): the
 * same spec names the same state from any working directory, and every command that uses the state says which file.
 */
class SpecRelativePathsTest {
    @TempDir
    Path dir;

    @Test
    void applyFromAnotherDirectory_writesTheStateBesideTheSpec_andPlanFromTheSpecsDirectorySeesIt() throws IOException {
        // given: the spec (state: state.json) in project/, kmsmig run from elsewhere/
        Path project = Files.createDirectories(dir.resolve("project"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        try (MemoryWorld cloud = new MemoryWorld(project, Worlds.generic(3, true, "{}"), "")) {
            CliRun fromElsewhere = new CliRun(elsewhere).ports(cloud.memory.ports("LTAIgenMigrator"));

            // when
            CliRun.Result apply = fromElsewhere.run("apply", "-f", "../project/spec.yaml", "--auto-approve");

            // then: the state is project/state.json, and apply said so
            assertEquals(0, apply.exit(), apply.all());
            assertTrue(Files.exists(project.resolve("state.json")), "the state lives beside the spec");
            assertFalse(Files.exists(elsewhere.resolve("state.json")), "nothing is written in the working directory");
            Path state = project.resolve("state.json").toAbsolutePath().normalize();
            assertTrue(apply.err().contains("State file: " + state + "\n"), apply.err());

            // and: a plan from the spec's own directory finds that state (nothing to do) and names it relatively
            CliRun.Result plan = cloud.run("plan", "-f", "spec.yaml");
            assertEquals(0, plan.exit(), plan.all());
            assertTrue(plan.out().contains("No changes."), plan.out());
            assertTrue(plan.err().contains("State file: state.json\n"), plan.err());
        }
    }

    @Test
    void everyCommandThatUsesTheState_saysWhereItLives() throws IOException {
        // given
        Path project = Files.createDirectories(dir.resolve("project/migrations"));
        try (MemoryWorld cloud = new MemoryWorld(project, Worlds.generic(2, true, "{}"), "")) {
            CliRun fromRoot = new CliRun(dir).ports(cloud.memory.ports("LTAIgenMigrator"));
            assertEquals(
                    0,
                    fromRoot.run("apply", "-f", "project/migrations/spec.yaml", "--auto-approve")
                            .exit());
            for (List<String> args : List.of(
                    List.of("plan"),
                    List.of("plan", "-o", "p.kmsplan"),
                    List.of("verify"),
                    List.of("state", "list"),
                    List.of("state", "show", "app0/secret-0"),
                    List.of("state", "repair"),
                    List.of("apply", "--auto-approve", "--events", "e.jsonl"))) {
                // when
                List<String> full = new java.util.ArrayList<>(args);
                full.addAll(List.of("-f", "project/migrations/spec.yaml"));
                CliRun.Result r = fromRoot.run(full.toArray(String[]::new));

                // then
                assertEquals(0, r.exit(), args + "\n" + r.all());
                assertEquals(
                        1,
                        r.err()
                                .lines()
                                .filter(l -> l.equals("State file: project/migrations/state.json"))
                                .count(),
                        "said once: " + args + "\n" + r.err());
            }
        }
    }

    @Test
    void specFilesNamedByTheSpec_areFoundBesideTheSpec() throws IOException {
        // given: a spec in sub/ naming a CA file relative to itself, validated from the parent directory
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Files.copy(CliRun.REPO.resolve("examples/files/PrivateKmsCA_kst-shh-example.pem"), sub.resolve("ca.pem"));
        Files.writeString(
                sub.resolve("spec.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: rel",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-a, encryptionKeyId: key-a, caCert: ca.pem }",
                        ""));

        // when
        CliRun.Result r = new CliRun(dir).run("validate", "-f", "sub/spec.yaml");

        // then
        assertEquals(0, r.exit(), r.all());
    }
}
