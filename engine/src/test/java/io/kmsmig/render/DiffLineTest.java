package io.kmsmig.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.plan.Action;
import io.kmsmig.plan.DiffLine;
import io.kmsmig.plan.DiffLine.Kind;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanFile;
import io.kmsmig.plan.SecretPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Diff lines are coloured from their kind, which the plan carries (and a saved plan keeps), not from a '+' or '-' in
 * front of the text; actions' glyphs are coloured from the kind of change, not from the glyph.
 */
class DiffLineTest {
    private static final Style COLOUR = new Style(true);

    @TempDir
    Path dir;

    private static final List<DiffLine> DIFF = List.of(
            new DiffLine(Kind.HEADER, "--- destination/a"),
            new DiffLine(Kind.HEADER, "+++ source/a"),
            new DiffLine(Kind.HUNK, "@@ -1,2 +1,2 @@"),
            new DiffLine(Kind.REMOVED, "--- a line whose text starts with dashes"),
            new DiffLine(Kind.ADDED, "+description: \"new\""),
            new DiffLine(Kind.CONTEXT, " tags:"));

    private static Plan plan() {
        SecretPlan s = new SecretPlan(
                "a", "a", "Generic", Disposition.DRIFT, "it drifted", List.of(), List.of(), DIFF, List.of(), null);
        return new Plan(
                Plan.FORMAT_VERSION,
                "m",
                "a".repeat(64),
                null,
                0,
                "cn-hangzhou",
                "cn-shanghai",
                null,
                List.of(s),
                List.of(),
                List.of(),
                List.of(),
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void linesAreColouredFromTheirKind() {
        String text = new TextPlanRenderer(COLOUR).render(plan());
        assertTrue(text.contains("      " + COLOUR.red("--- a line whose text starts with dashes") + "\n"), text);
        assertTrue(text.contains("      " + COLOUR.green("+description: \"new\"") + "\n"), text);
        assertTrue(text.contains("      --- destination/a\n      +++ source/a\n      @@ -1,2 +1,2 @@\n"), text);
        assertTrue(text.contains("\n       tags:\n"), text);
    }

    @Test
    void aSavedPlan_keepsEachLinesKind() {
        Path file = dir.resolve("p.kmsplan");
        PlanFile.write(file, plan(), "test");
        assertEquals(
                DIFF, PlanFile.read(file, "p.kmsplan").plan().secrets().get(0).diff());
    }

    @Test
    void glyphsComeFromTheKindOfChange() {
        for (Action a : Action.values()) {
            assertEquals(a == Action.DELETE_SECRET, a.destructive(), a.name());
            assertEquals(a.change().glyph(), a.glyph(), a.name());
        }
        assertEquals(Action.Change.ADD, Action.PUT_SECRET_VALUE.change());
        assertEquals(Action.Change.CHANGE, Action.RESTORE_SECRET.change());
    }
}
