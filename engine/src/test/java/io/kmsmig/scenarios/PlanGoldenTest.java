package io.kmsmig.scenarios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden plans: every scenario planned over its world in memory, in text, markdown and json, compared with the
 * reviewed expected output; a few scenarios again end to end, over the sandbox through the real SDK and HTTPS, against
 * the same goldens. A saved plan renders the same as the live one. No output contains a secret value. kmsmig runs on
 * a fixed clock, so the json goldens hold the plan's real created_at.
 */
class PlanGoldenTest {
    @TempDir
    Path tmp;

    static Stream<String> scenarios() throws IOException {
        return Scenario.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void plan_matchesTheGoldenOutputInEveryFormat(String name) throws IOException {
        Scenario s = Scenario.named(name);
        Path work = s.workdir(tmp);
        CliRun.Result text = s.plan(work);
        assertEquals(s.exit(), text.exit(), text.all());
        Golden.check(s.dir().resolve("expected.txt"), text.out());
        CliRun.Result md = s.plan(work, "--format", "markdown");
        Golden.check(s.dir().resolve("expected.md"), md.out());
        CliRun.Result json = s.plan(work, "--format", "json", "-o", "saved.kmsplan");
        Golden.check(s.dir().resolve("expected.json"), json.out());
        assertTrue(md.out().length() < 60_000);
        String saved = Files.readString(work.resolve("saved.kmsplan"));
        for (String output : new String[] {text.all(), md.all(), json.all(), saved}) {
            assertFalse(output.contains("CANARY"), "a secret value leaked into an output of " + name);
        }
        CliRun.Result shown = new CliRun(work).run("show", "saved.kmsplan");
        assertEquals(0, shown.exit(), shown.all());
        assertEquals(text.out(), shown.out(), "a saved plan shows exactly as planned");
        CliRun.Result again = s.plan(work);
        assertEquals(text.out(), again.out(), "identical inputs give byte-identical plans");
    }

    /** End to end: the sandbox's emulator through the real SDK over HTTPS gives the very plans the goldens hold. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"all-types", "instance-backup-restore"})
    void plan_overTheSandboxThroughTheRealSdk_matchesTheGolden(String name) throws IOException {
        Scenario s = Scenario.named(name);
        Path work = s.workdir(tmp);
        CliRun.Result text = s.planOverSandbox(work);
        assertEquals(s.exit(), text.exit(), text.all());
        assertTrue(text.err().contains("Sandbox: the embedded KMS emulator serves"), "over the sandbox: " + text.err());
        Golden.check(s.dir().resolve("expected.txt"), text.out());
        CliRun.Result json = s.planOverSandbox(work, "--format", "json");
        Golden.check(s.dir().resolve("expected.json"), json.out());
        assertFalse(
                text.all().contains("CANARY") || json.all().contains("CANARY"), "no value in any output of " + name);
    }
}
