package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.scenarios.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
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
        CliRun.Result r = new CliRun(work).run("plan", "-f", "spec.yaml", "--target", "orders/api-kye", "-o", "p.kmsplan");
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
}
