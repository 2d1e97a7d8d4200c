package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.kms.MemoryCloud;
import io.kmsmig.scenarios.Scenario;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan's exit codes, preflight errors and Markdown size limit: over the scenario worlds in memory, and preflight once
 * end to end over the sandbox through the real SDK.
 */
class PlanCommandTest {
    @TempDir
    Path tmp;

    @Test
    void detailedExitCode_isTwoForChangesZeroForNoneOneForConflicts() {
        Scenario seed = Scenario.named("seed-example");
        assertEquals(2, seed.plan(seed.workdir(tmp), "--detailed-exitcode").exit());
        assertEquals(0, seed.plan(seed.workdir(tmp)).exit(), "without the flag, changes are still success");
        Scenario inSync = Scenario.named("in-sync");
        assertEquals(0, inSync.plan(inSync.workdir(tmp), "--detailed-exitcode").exit());
        Scenario conflict = Scenario.named("conflict");
        assertEquals(
                1, conflict.plan(conflict.workdir(tmp), "--detailed-exitcode").exit());
    }

    @Test
    void target_leavingOutTheConflict_makesThePlanApplicable() {
        Scenario conflict = Scenario.named("conflict");
        CliRun.Result r = conflict.plan(conflict.workdir(tmp), "--target", "orders/api-key");
        assertEquals(0, r.exit(), r.all());
        assertFalse(r.out().contains("Conflicts"), r.out());
    }

    @Test
    void preflight_namesAMissingInstanceAndAWrongKey() throws IOException {
        Scenario seed = Scenario.named("seed-example");
        Path work = seed.workdir(tmp);
        Files.writeString(
                work.resolve("spec.yaml"),
                Files.readString(work.resolve("spec.yaml"))
                        .replace("kmsInstanceId: kst-sh-test", "kmsInstanceId: kst-sh-missing")
                        .replace("encryptionKeyId: key-sh-test", "encryptionKeyId: key-hz-test"));
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml"); // over the sandbox, through the SDK
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.out().contains("KMS instance kst-sh-missing does not exist in cn-shanghai"), r.out());
        assertTrue(r.out().contains("Key key-hz-test does not exist in cn-shanghai"), r.out());
    }

    @Test
    void markdown_staysUnderTheCommentLimitAndSaysHowToSeeTheRest() throws IOException {
        Files.writeString(tmp.resolve("spec.yaml"), Worlds.memorySpec(""));
        MemoryCloud cloud = MemoryCloud.ofYaml(Worlds.generic(400, true, "{}"), Scenario.CLOCK);
        CliRun.Result r = new CliRun(tmp)
                .ports(cloud.ports())
                .run("plan", "-f", "spec.yaml", "--format", "markdown", "-o", "big.kmsplan");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().length() < 60_000, "length " + r.out().length());
        assertTrue(r.out().startsWith("### kmsmig plan"), "the summary stays on top");
        assertTrue(r.out().contains("**Plan: 400 to create"), "summary outside details");
        assertTrue(
                r.out().contains("more secrets are not shown") && r.out().contains("kmsmig show big.kmsplan"),
                r.out().substring(r.out().length() - 400));
        assertFalse(r.out().contains("CANARY"));
    }

    @Test
    void emptySelection_isNoChanges() throws IOException {
        Scenario seed = Scenario.named("seed-example");
        Path work = seed.workdir(tmp);
        Files.writeString(
                work.resolve("spec.yaml"),
                Files.readString(work.resolve("spec.yaml"))
                        .replace("state: state.json", "secrets: { include: [\"nothing/*\"] }\nstate: state.json"));
        CliRun.Result r = seed.cli(work).run("plan", "-f", "spec.yaml", "--detailed-exitcode");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("No changes. Destination matches the source."), r.out());
        assertTrue(r.out().contains("secrets.include 'nothing/*' selects no secret in cn-hangzhou."), r.out());
    }

    @Test
    void singleStarPattern_thatMatchesNoNameWithASlash_isWarnedAboutWithTheDoubleStarHint() throws IOException {
        // given: every name in the world has a '/', and '*' stays within one segment
        Scenario seed = Scenario.named("seed-example");
        Path work = seed.workdir(tmp);
        Files.writeString(
                work.resolve("spec.yaml"),
                Files.readString(work.resolve("spec.yaml"))
                        .replace(
                                "state: state.json",
                                "secrets: { include: [\"*\", \"orders/**\"] }\nstate: state.json"));
        // when
        CliRun.Result r = seed.cli(work).run("plan", "-f", "spec.yaml");
        // then: the pattern that selects nothing is named, the one that selects something is not
        assertEquals(0, r.exit(), r.all());
        assertTrue(
                r.out()
                        .contains("secrets.include '*' selects no secret in cn-hangzhou. '*' matches within one "
                                + "/-separated segment of a name; '**' matches across segments"),
                r.out());
        assertFalse(r.out().contains("'orders/**' selects no secret"), r.out());
    }
}
