package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.scenarios.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A --target that selects nothing is an error naming the closest selected names, never an empty plan. */
class TargetsTest {
    @TempDir
    Path tmp;

    @Test
    void target_thatSelectsNothing_namesTheClosestSecrets() {
        // given: the conflict scenario selects orders/api-key and others
        Scenario s = Scenario.named("conflict");
        Path work = s.workdir(tmp);
        // when: a typo
        CliRun.Result r =
                new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "orders/api-kye", "-o", "p.kmsplan");
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("orders/api-kye  (did you mean orders/api-key"), r.err());
        assertTrue(r.err().contains("Nothing was planned"), r.err());
        assertFalse(r.out().contains("Plan:") || r.out().contains("No changes"), "no plan is shown:\n" + r.out());
        assertFalse(Files.exists(work.resolve("p.kmsplan")), "no plan file is written");
        assertFalse(r.all().contains("Exception"), r.all());
    }

    @Test
    void target_farFromEveryName_stillFails() {
        Path work = Scenario.named("conflict").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "nosuch/secret");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("--target names a secret that the spec does not select in cn-hangzhou"), r.err());
        assertTrue(r.err().contains("  nosuch/secret"), r.err());
    }

    @Test
    void oneGoodAndOneBadTarget_failsNamingOnlyTheBadOne() {
        Path work = Scenario.named("conflict").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "orders/api-key", "nosuch/x");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("  nosuch/x"), r.err());
        assertFalse(r.err().contains("  orders/api-key"), r.err());
    }

    @Test
    void target_nearNoName_listsSomeSelectedNames_andHowToListThemAll() {
        Path work = Scenario.named("conflict").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "zzzzzzzzzzzz");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("Some of the names it selects: orders/api-key, orders/db-password."), r.err());
        assertTrue(r.err().contains("kmsmig plan -f spec.yaml (without --target) lists every selected one"), r.err());
    }

    @Test
    void target_removedByExclude_namesTheExcludeGlob() throws IOException {
        // given: the spec excludes the api keys
        Path work = Scenario.named("conflict").workdir(tmp);
        Files.writeString(
                work.resolve("spec.yaml"), "secrets: { exclude: [\"*/api-*\"] }\n", StandardOpenOption.APPEND);
        // when
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "orders/api-key");
        // then
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("  orders/api-key  (secrets.exclude '*/api-*' removes it)"), r.err());
    }

    @Test
    void target_outsideEveryInclude_namesTheIncludeGlobs() throws IOException {
        Path work = Scenario.named("conflict").workdir(tmp);
        Files.writeString(
                work.resolve("spec.yaml"), "secrets: { include: [\"orders/*\"] }\n", StandardOpenOption.APPEND);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "payments/x");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("  payments/x  (no secrets.include glob matches it: 'orders/*')"), r.err());
    }

    @Test
    void emptyTarget_isAUsageError() {
        Path work = Scenario.named("conflict").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "");
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(
                r.err().contains("Invalid value for option '--target'")
                        && r.err().contains("'' is empty; give an exact source secret name"),
                r.err());
        assertFalse(r.all().contains("Exception"), r.all());
    }
}
