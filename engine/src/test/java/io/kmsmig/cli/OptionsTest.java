package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.scenarios.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Bad option values are usage errors (exit 64) naming the option, and the shared options are declared once. */
class OptionsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "verify, --lock-timeout, abc,  'abc' is not a duration",
        "apply,  --lock-timeout, abc,  'abc' is not a duration",
        "apply,  --lock-timeout, 5,    '5' is not a duration",
        "plan,   --parallelism,  0,    0 is out of range; give 1 to 64",
        "apply,  --parallelism,  65,   65 is out of range; give 1 to 64",
        "verify, --parallelism,  many, 'many' is not a whole number",
        "plan,   --parallelism,  99999999999,     '99999999999' is too large (at most 64)",
        "plan,   --parallelism,  -99999999999,    '-99999999999' is too small (at least 1)",
        "apply,  --lock-timeout, 1000000000000d,  '1000000000000d' is too large (at most 999999999d)",
        "verify, --lock-timeout, 99999999999999999999999s, is too large (at most 999999999s)",
    })
    void badOptionValue_isAUsageErrorNamingTheOption(String command, String option, String value, String why) {
        // given: a spec that would load (the value must be refused before anything runs)
        Path work = Scenario.named("seed-example").workdir(tmp);
        // when
        CliRun.Result r = new CliRun(work).run(command, "-f", "spec.yaml", option, value);
        // then
        assertEquals(ExitCodes.USAGE, r.exit(), r.all());
        assertTrue(
                r.err().contains("Invalid value for option '" + option + "'")
                        && r.err().contains(why),
                r.err());
        assertFalse(
                r.all().contains("internal error")
                        || r.all().contains("Exception")
                        || r.all().contains("bug"),
                r.all());
    }

    @ParameterizedTest
    @CsvSource({"0", "0s", "999999999d"})
    void lockTimeout_zeroWithoutAUnit_andTheLargest_areAccepted(String value) {
        Path work = Scenario.named("seed-example").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("verify", "-f", "spec.yaml", "--lock-timeout", value);
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void goodDuration_isAccepted() {
        Path work = Scenario.named("seed-example").workdir(tmp);
        CliRun.Result r = new CliRun(work).run("verify", "-f", "spec.yaml", "--lock-timeout", "30s");
        assertEquals(0, r.exit(), r.all());
    }

    @Test
    void lockTimeoutAndParallelism_areOneDeclarationEach() {
        // given: every command in the tree
        CommandLine root = Main.commandLine(CliRun.inRepo().context());
        List<OptionSpec> lock = new ArrayList<>();
        List<OptionSpec> parallelism = new ArrayList<>();
        collect(root, lock, parallelism);
        // then: the same mixin field (one declaration) and the same converter everywhere
        assertTrue(lock.size() >= 2 && parallelism.size() >= 4, lock + " " + parallelism);
        for (OptionSpec o : lock) {
            assertEquals(LockTimeoutOption.class, ((java.lang.reflect.Field) o.userObject()).getDeclaringClass());
            assertEquals(DurationConverter.class, o.converters()[0].getClass());
        }
        for (OptionSpec o : parallelism) {
            assertEquals(ParallelismOption.class, ((java.lang.reflect.Field) o.userObject()).getDeclaringClass());
        }
    }

    private static void collect(CommandLine cl, List<OptionSpec> lock, List<OptionSpec> parallelism) {
        OptionSpec l = cl.getCommandSpec().findOption("--lock-timeout");
        OptionSpec p = cl.getCommandSpec().findOption("--parallelism");
        if (l != null) {
            lock.add(l);
        }
        if (p != null) {
            parallelism.add(p);
        }
        cl.getSubcommands().values().forEach(sub -> collect(sub, lock, parallelism));
    }
}
