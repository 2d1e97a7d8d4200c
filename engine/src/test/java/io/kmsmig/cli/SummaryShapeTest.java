package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The summary lines keep one shape whatever is in them, so a pipeline's regex gate is safe, and plan and apply count
 * alike; a plan prints each reason once and no version table for secrets it leaves alone. Over the quickstart
 * (every secret type) in the sandbox.
 */
class SummaryShapeTest {
    /** What a pipeline would grep for: every category, always. */
    static final Pattern PLAN = Pattern.compile("(?m)^Plan: (\\d+) to create, (\\d+) to update, (\\d+) to "
            + "delete-and-recreate, (\\d+) to delete, (\\d+) to restore, (\\d+) manual, (\\d+) not required, (\\d+) "
            + "skipped, (\\d+) in sync, (\\d+) to record in state, (\\d+) already deleted, (\\d+) cutover blocked, "
            + "(\\d+) conflicts\\.$");

    static final Pattern APPLY = Pattern.compile("(?m)^Apply complete! Secrets: (\\d+) migrated, (\\d+) unchanged, "
            + "(\\d+) manual pending, (\\d+) not required, (\\d+) skipped, (\\d+) failed, (\\d+) recorded in state, "
            + "(\\d+) source deleted, (\\d+) restored, (\\d+) not started\\. API calls: \\d+ \\(\\d+ retried\\)\\.$");

    @TempDir
    Path dir;

    @Test
    void planAndApply_countAlike_inOneShape_andANoChangePlanShowsNoVersionTablesOfSecretsLeftAlone()
            throws IOException {
        // given: the quickstart (13 secrets: generic, instance, RAM, RDS, ECS, Redis, pending deletion)
        copy(CliRun.REPO.resolve("examples/quickstart"), dir.resolve("examples/quickstart"));
        Files.createDirectories(dir.resolve("state"));
        CliRun cli = new CliRun(dir);
        String spec = "examples/quickstart/migration.yaml";

        // when: plan, the manual backup and restore, plan, apply, plan again
        CliRun.Result first = cli.run("plan", "-f", spec);
        assertEquals(
                0,
                cli.run("sandbox", "restore-backup", "-f", spec, "--instance", "kst-hz-demo")
                        .exit());
        CliRun.Result second = cli.run("plan", "-f", spec);
        CliRun.Result apply = cli.run("apply", "-f", spec, "--auto-approve");
        CliRun.Result again = cli.run("plan", "-f", spec);

        // then: one shape every time, every secret in exactly one category
        assertEquals(0, first.exit(), first.all());
        for (CliRun.Result r : List.of(first, second, again)) {
            assertEquals(13, sum(counts(PLAN, r.out())), r.out());
            assertFalse(r.out().contains("Also:"), "no second, optional counts line");
        }
        assertEquals(1, counts(PLAN, first.out())[5], "the instance secret is manual before its backup is restored");
        assertTrue(again.out().contains("No changes. Destination matches the source.\nPlan: 0 to create"), again.out());

        // and: apply counts as the plan it ran did (not required and skipped apart)
        int[] planned = counts(PLAN, second.out());
        int[] applied = counts(APPLY, apply.out());
        String both = second.out() + apply.out();
        assertEquals(planned[0], applied[0], "to create = migrated\n" + both);
        assertEquals(planned[6], applied[3], "not required\n" + both);
        assertEquals(planned[7], applied[4], "skipped\n" + both);
        assertEquals(planned[9], applied[6], "to record in state = recorded in state\n" + both);
        assertEquals(2, applied[4], "RAM skipped and the pending deletion");

        // and: the no-change plan lists the secrets left alone by reason only, each reason once
        String out = again.out();
        assertFalse(out.contains("VERSION  CREATED"), "no version table in a no-change plan:\n" + out);
        assertEquals(1, count(out, "pending deletion in cn-hangzhou"), out);
        assertFalse(out.contains("Warnings:"), out);
        assertTrue(
                out.contains(
                        "= rds/orders-primary  (Rds, not-required)\n    an ApsaraDB RDS secret follows its database "
                                + "instance"),
                out);
        assertTrue(out.contains("(the first apply creates it)") || out.contains("State: lineage "), out);
    }

    private static int[] counts(Pattern p, String out) {
        Matcher m = p.matcher(out);
        assertTrue(m.find(), "the summary line in its one shape:\n" + out);
        int[] c = new int[m.groupCount()];
        for (int i = 0; i < c.length; i++) {
            c[i] = Integer.parseInt(m.group(i + 1));
        }
        assertFalse(m.find(), "one summary line");
        return c;
    }

    private static int sum(int[] c) {
        int s = 0;
        for (int n : c) {
            s += n;
        }
        return s;
    }

    private static long count(String text, String what) {
        return text.lines().filter(l -> l.contains(what)).count();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }
}
