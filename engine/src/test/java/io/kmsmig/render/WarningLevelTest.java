package io.kmsmig.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.plan.Warning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How loudly a warning is shown comes from its level, carried in plan JSON, never from its words: a note that happens
 * to say "DESPITE" (a secret's or a glob's name) stays among the notes, and a caution survives a saved plan.
 */
class WarningLevelTest {
    @TempDir
    Path dir;

    private static Plan plan(List<Warning> warnings) {
        return new Plan(
                Plan.FORMAT_VERSION,
                "m",
                "a".repeat(64),
                null,
                0,
                "cn-hangzhou",
                "cn-shanghai",
                null,
                List.of(),
                List.of(),
                warnings,
                List.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    private static String caution(String markdown) {
        int at = markdown.indexOf("> [!CAUTION]");
        return at < 0 ? "" : markdown.substring(at, markdown.indexOf("\n\n", at));
    }

    @Test
    void aNoteThatSaysDespite_isNotShownAsACaution() {
        Plan p = plan(List.of(
                Warning.note("secrets.include 'DESPITE/*' selects no secret in cn-hangzhou."),
                Warning.note("legacy/cannot be undone: its source is kept in this cutover")));
        String md = new MarkdownPlanRenderer("kmsmig show plan.kmsplan").render(p);
        assertEquals("", caution(md), md);
        assertTrue(md.contains("<summary>Warnings (2)</summary>"), md);
    }

    @Test
    void aCaution_isShownAboveEverything_whateverItsWords() {
        Plan p = plan(List.of(Warning.note("a note"), Warning.caution("the source goes with no recovery window")));
        String md = new MarkdownPlanRenderer("kmsmig show plan.kmsplan").render(p);
        assertEquals("> [!CAUTION]\n> **the source goes with no recovery window**", caution(md), md);
    }

    @Test
    void levels_surviveASavedPlan_andArePutInTheJsonOnlyWhenThereIsACaution() throws IOException {
        List<Warning> ws = List.of(Warning.note("DESPITE the name, a note"), Warning.caution("cannot be taken back"));
        Path file = dir.resolve("p.kmsplan");
        PlanFile.write(file, plan(ws), "test");
        assertTrue(Files.readString(file, StandardCharsets.UTF_8).contains("\"warning_levels\""));
        assertEquals(ws, PlanFile.read(file, "p.kmsplan").plan().warnings());

        Path quiet = dir.resolve("q.kmsplan");
        PlanFile.write(quiet, plan(List.of(Warning.note("a note"))), "test");
        assertFalse(Files.readString(quiet, StandardCharsets.UTF_8).contains("warning_levels"));
        assertEquals(
                List.of(Warning.note("a note")),
                PlanFile.read(quiet, "q.kmsplan").plan().warnings());
    }
}
