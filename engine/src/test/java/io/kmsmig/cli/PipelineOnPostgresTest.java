package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.state.postgres.EmbeddedPg;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kmsmig command lines of the PostgreSQL pipelines, taken from the files in job order (the cutover job aside: this
 * spec never deletes), run as written against the emulator with the state in the embedded PostgreSQL: the pull
 * request's validate and plan, the merge's role check, apply of the saved plan, then verify. Each exits as the
 * pipeline's shell expects, and the state database's password is never printed.
 */
class PipelineOnPostgresTest {
    private static final String CANARY_PASSWORD = "CANARY-PIPELINE-PG-PASSWORD-51c2";
    private static final Pattern KMSMIG = Pattern.compile("(?:^|[\\s;(])\\S*/kmsmig\\s+([^\\n]*)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "github-actions.yml | validate=0 plan=2 validate=0 policy=1 apply=0 verify=0",
                "gitlab-ci.yml | validate=0 plan=2 policy=1 apply=0 verify=0"
            })
    void thePipelinesCommands_runInOrder_withTheStateInPostgres(String file, String expected) throws Exception {
        String schema = EmbeddedPg.freshSchema();
        try (EmulatedCloud cloud = new EmulatedCloud(dir, Worlds.generic(3, true, "{}"), "")) {
            PgSpecs.useState(dir, PgSpecs.stateBlock(PgSpecs.url(), schema, ""));
            CliRun cli = cloud.cli().env("PGPASSWORD", CANARY_PASSWORD);
            List<String> ran = new ArrayList<>();
            StringBuilder printed = new StringBuilder();
            // when: each command line, $SPEC being this spec, in the order the jobs run
            for (List<String> args : commands(file)) {
                CliRun.Result r = cli.run(args.toArray(String[]::new));
                ran.add(args.get(0) + "=" + r.exit());
                printed.append(r.all());
            }
            // then
            assertEquals(expected, String.join(" ", ran), printed.toString());
            assertTrue(Files.exists(dir.resolve("plan.kmsplan")), "the saved plan the apply job applies");
            assertTrue(printed.toString().contains("Apply complete!"), printed.toString());
            assertFalse(Files.exists(dir.resolve("state")), "no state file: the state is in PostgreSQL");
            assertFalse(printed.toString().contains(CANARY_PASSWORD), "the password was printed");
        }
    }

    /** The kmsmig command lines of {@code file}'s jobs, in file order, without the cutover job's. */
    private static List<List<String>> commands(String file) throws Exception {
        Map<?, ?> root = PipelineLint.load(
                Files.readString(CliRun.REPO.resolve("examples/ci").resolve(file)));
        Map<?, ?> jobs = root.get("jobs") instanceof Map<?, ?> j ? j : root;
        List<List<String>> out = new ArrayList<>();
        for (Map.Entry<?, ?> job : jobs.entrySet()) {
            String name = String.valueOf(job.getKey());
            if (name.startsWith(".") || name.contains("cutover") || !(job.getValue() instanceof Map<?, ?> body)) {
                continue;
            }
            List<String> shell = new ArrayList<>();
            shellOf(body.containsKey("steps") ? body.get("steps") : body.get("script"), shell);
            for (String s : shell) {
                for (String line : s.split("\n")) {
                    Matcher m = KMSMIG.matcher(line);
                    if (!line.stripLeading().startsWith("#") && m.find()) {
                        List<String> words = new ArrayList<>();
                        for (String w : PipelineExamplesTest.words(m.group(1))) {
                            words.add(w.equals("$SPEC") ? "spec.yaml" : w);
                        }
                        out.add(words);
                    }
                }
            }
        }
        return out;
    }

    /** Every shell string under {@code node}: GitHub's steps' run, GitLab's script list (anchors expanded). */
    private static void shellOf(Object node, List<String> out) {
        if (node instanceof String s) {
            out.add(s);
        } else if (node instanceof List<?> l) {
            l.forEach(v -> shellOf(v, out));
        } else if (node instanceof Map<?, ?> m && m.get("run") != null) {
            out.add(String.valueOf(m.get("run")));
        }
    }
}
