package io.kmsmig.render;

import io.kmsmig.plan.DiffLine;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.plan.VersionRow;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan as text, in the spirit of Terraform: per secret a header with its glyph, a version table, then the
 * actions in order; metadata drift as a unified diff; in-sync secrets counted, not listed; the summary line last.
 */
public final class TextPlanRenderer {
    private final Style style;

    public TextPlanRenderer(Style style) {
        this.style = style;
    }

    public String render(Plan p) {
        StringWriter out = new StringWriter();
        render(p, new PrintWriter(out));
        return out.toString();
    }

    /**
     * Writes the plan to {@code out} a secret at a time: the text of 10,000 secrets is never held as one string.
     * The same characters as {@link #render(Plan)}.
     */
    public void render(Plan p, PrintWriter out) {
        StringBuilder sb = new StringBuilder();
        sb.append("kmsmig plan for ")
                .append(p.specName())
                .append(": ")
                .append(p.sourceRegion())
                .append(" -> ")
                .append(p.destinationRegion())
                .append('\n');
        sb.append("State: ")
                .append(
                        p.lineage() == null
                                ? "none yet (the first apply creates it)"
                                : "lineage " + p.lineage() + ", serial " + p.serial())
                .append("\n");
        if (!p.targets().isEmpty()) {
            sb.append("Targets: ").append(String.join(", ", p.targets())).append('\n');
        }
        sb.append('\n');
        int inSync = 0;
        for (SecretPlan s : p.secrets()) {
            if (s.disposition() == Disposition.IN_SYNC || s.disposition() == Disposition.SOURCE_DELETED) {
                inSync++;
                continue;
            }
            secret(sb, s);
            out.append(sb);
            sb.setLength(0);
        }
        if (inSync > 0) {
            sb.append(inSync)
                    .append(inSync == 1 ? " secret needs" : " secrets need")
                    .append(" nothing (in sync, or deleted in the source by cutover); not listed.\n\n");
        }
        if (!p.errors().isEmpty()) {
            sb.append(style.error("Errors (apply refuses this plan):")).append('\n');
            p.errors().forEach(e -> sb.append("  - ").append(e).append('\n'));
            sb.append('\n');
        }
        if (!p.conflicts().isEmpty()) {
            sb.append(style.error(
                            "Conflicts (apply refuses this plan until they are fixed, or left out with --target):"))
                    .append('\n');
            p.conflicts()
                    .forEach(c -> sb.append("  - ")
                            .append(c.sourceName())
                            .append(": ")
                            .append(c.reason())
                            .append('\n'));
            sb.append('\n');
        }
        if (!p.warnings().isEmpty()) {
            sb.append(style.yellow("Warnings:")).append('\n');
            p.warnings().forEach(w -> sb.append("  - ").append(w.text()).append('\n'));
            sb.append('\n');
        }
        if (!p.noChangesLine().isEmpty()) {
            sb.append(p.noChangesLine()).append('\n');
        }
        sb.append(style.bold(p.summaryLine())).append('\n');
        out.append(sb);
        out.flush();
    }

    private void secret(StringBuilder sb, SecretPlan s) {
        String glyph = colour(s.disposition(), s.disposition().glyph());
        sb.append(glyph).append(' ').append(style.bold(s.sourceName()));
        if (!s.destinationName().equals(s.sourceName())) {
            sb.append(" -> ").append(s.destinationName());
        }
        sb.append("  (")
                .append(s.type())
                .append(", ")
                .append(s.disposition().wire())
                .append(")\n");
        sb.append("    ").append(s.reason()).append('\n');
        if (!s.versions().isEmpty() && !s.disposition().leftAlone()) {
            table(sb, s.versions());
        }
        if (!s.diff().isEmpty()) {
            sb.append("    metadata diff (destination -> source):\n");
            s.diff().forEach(l -> sb.append("      ").append(diffLine(l)).append('\n'));
        }
        for (PlannedAction a : s.actions()) {
            sb.append("    #")
                    .append(a.seq())
                    .append(' ')
                    .append(colourAction(a))
                    .append(' ')
                    .append(a.action().api())
                    .append(' ')
                    .append(a.region())
                    .append(' ')
                    .append(a.secret());
            if (a.versionId() != null) {
                sb.append(" ").append(a.versionId());
            }
            String params = a.summary().entrySet().stream()
                    .filter(e -> !e.getKey().equals("Steps"))
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
            if (!params.isEmpty()) {
                sb.append("  ").append(style.dim("(" + params + ")"));
            }
            sb.append('\n');
            sb.append("        ").append(a.reason()).append('\n');
            if (a.payload() instanceof Payload.Manual manual) {
                manual.steps()
                        .forEach(step -> sb.append("        ").append(step).append('\n'));
            }
        }
        sb.append('\n');
    }

    private static void table(StringBuilder sb, List<VersionRow> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"VERSION", "CREATED (SOURCE)", "STAGES", "DESTINATION", "HAPPENS"});
        for (VersionRow r : rows) {
            cells.add(new String[] {
                r.versionId(),
                r.sourceCreated() == null ? "-" : r.sourceCreated().toString(),
                r.stages().isEmpty() ? "(none)" : String.join(",", r.stages()),
                r.destination(),
                r.happens()
            });
        }
        int[] w = new int[5];
        cells.forEach(c -> {
            for (int i = 0; i < 5; i++) {
                w[i] = Math.max(w[i], c[i].length());
            }
        });
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder("    ");
            for (int i = 0; i < 5; i++) {
                line.append(i == 4 ? c[i] : pad(c[i], w[i] + 2));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    private String colour(Disposition d, String glyph) {
        return switch (d) {
            case RECREATE -> style.green(glyph);
            case UPDATE, DRIFT, RESTORE -> style.yellow(glyph);
            case CUTOVER, DELETE_AND_RECREATE, CONFLICT -> style.red(glyph);
            case BACKUP_RESTORE, CUTOVER_BLOCKED -> style.yellow(glyph);
            default -> glyph;
        };
    }

    private String colourAction(PlannedAction a) {
        String g = a.action().glyph();
        return switch (a.action().change()) {
            case ADD -> style.green(g);
            case DELETE -> style.red(g);
            case CHANGE, MANUAL -> style.yellow(g);
        };
    }

    private String diffLine(DiffLine l) {
        return switch (l.kind()) {
            case ADDED -> style.green(l.text());
            case REMOVED -> style.red(l.text());
            case HEADER, HUNK, CONTEXT -> l.text();
        };
    }

    /** Counts of a plan, for apply's preview and tests. */
    public static Map<Disposition, Integer> counts(Plan p) {
        return p.byDisposition();
    }
}
