package io.kmsmig.render;

import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Payload;
import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlannedAction;
import io.kmsmig.plan.SecretPlan;
import io.kmsmig.plan.VersionRow;
import io.kmsmig.plan.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The plan as a pull-request comment: the summary line and any destructive-change banner outside every
 * {@code <details>}, then one {@code <details>} per secret. Stays under {@link #LIMIT} characters (GitHub's
 * comment limit is 65,535), truncating with a note that says how to see the rest.
 */
public final class MarkdownPlanRenderer {
    public static final int LIMIT = 60_000;
    /** What a sandbox plan says it ran against: a reviewer must never mistake it for the cloud's. */
    public static final String SANDBOX =
            "Planned against the **sandbox** (kmsmig's embedded KMS emulator), " + "not Alibaba Cloud.";
    /** What a plan of the real cloud says it ran against. */
    public static final String CLOUD = "Planned against **Alibaba Cloud** KMS.";

    private final String planFileHint;
    private final String where;

    /** @param planFileHint how a reader sees the whole plan, e.g. "kmsmig show plan.kmsplan" */
    public MarkdownPlanRenderer(String planFileHint) {
        this(planFileHint, null);
    }

    /**
     * @param planFileHint how a reader sees the whole plan, e.g. "kmsmig show plan.kmsplan"
     * @param where        {@link #SANDBOX}, {@link #CLOUD}, or null to say nothing (not known)
     */
    public MarkdownPlanRenderer(String planFileHint, String where) {
        this.planFileHint = planFileHint;
        this.where = where;
    }

    public String render(Plan p) {
        StringBuilder head = new StringBuilder();
        head.append("### kmsmig plan: `")
                .append(p.specName())
                .append("` (")
                .append(p.sourceRegion())
                .append(" → ")
                .append(p.destinationRegion())
                .append(")\n\n");
        if (where != null) {
            head.append(where).append("\n\n");
        }
        if (!p.noChangesLine().isEmpty()) {
            head.append(p.noChangesLine()).append("  \n");
        }
        head.append("**").append(p.summaryLine()).append("**");
        head.append("\n\n");
        if (p.destructive()) {
            long deletes =
                    p.actions().stream().filter(a -> a.action().destructive()).count();
            head.append("> [!WARNING]\n> **This plan deletes ")
                    .append(deletes)
                    .append(deletes == 1 ? " secret" : " secrets")
                    .append(" in ")
                    .append(p.sourceRegion())
                    .append(".** Each stays restorable for its recovery window; ")
                    .append("review the evidence below before approving.\n\n");
        }
        List<String> loud = p.warnings().stream()
                .filter(w -> w.level() == Warning.Level.CAUTION)
                .map(Warning::text)
                .toList();
        if (!loud.isEmpty()) {
            head.append("> [!CAUTION]\n");
            loud.forEach(w -> head.append("> **").append(esc(w)).append("**\n"));
            head.append('\n');
        }
        if (!p.applicable()) {
            head.append("> [!CAUTION]\n> **Apply will refuse this plan:**\n");
            p.errors().forEach(e -> head.append("> - ").append(esc(e)).append('\n'));
            p.conflicts()
                    .forEach(c -> head.append("> - `")
                            .append(c.sourceName())
                            .append("`: ")
                            .append(esc(c.reason()))
                            .append('\n'));
            head.append('\n');
        }
        if (!p.warnings().isEmpty()) {
            head.append("<details><summary>Warnings (")
                    .append(p.warnings().size())
                    .append(")</summary>\n\n");
            p.warnings().forEach(w -> head.append("- ").append(esc(w.text())).append('\n'));
            head.append("\n</details>\n\n");
        }
        List<String> sections = new ArrayList<>();
        int quiet = 0;
        for (SecretPlan s : p.secrets()) {
            if (s.disposition() == Disposition.IN_SYNC || s.disposition() == Disposition.SOURCE_DELETED) {
                quiet++;
            } else {
                sections.add(section(s));
            }
        }
        StringBuilder body = new StringBuilder();
        int shown = 0;
        for (String section : sections) {
            if (head.length() + body.length() + section.length() + 600 > LIMIT) {
                break;
            }
            body.append(section);
            shown++;
        }
        StringBuilder out = new StringBuilder(head).append(body);
        if (shown < sections.size()) {
            out.append("> **Truncated:** ")
                    .append(sections.size() - shown)
                    .append(" more secrets are not shown, to stay ")
                    .append("under the comment size limit. See the whole plan with `")
                    .append(planFileHint)
                    .append("`.\n\n");
        }
        if (quiet > 0) {
            out.append(quiet)
                    .append(quiet == 1 ? " secret needs" : " secrets need")
                    .append(" nothing (in sync); not listed.\n");
        }
        return out.toString();
    }

    private static String section(SecretPlan s) {
        StringBuilder sb = new StringBuilder();
        int n = s.actions().size();
        sb.append("<details><summary><code>")
                .append(
                        s.disposition().glyph().trim().isEmpty()
                                ? "·"
                                : s.disposition().glyph())
                .append("</code> <code>")
                .append(html(s.sourceName()))
                .append("</code>");
        if (!s.destinationName().equals(s.sourceName())) {
            sb.append(" → <code>").append(html(s.destinationName())).append("</code>");
        }
        sb.append(": ")
                .append(s.disposition().wire())
                .append(n == 0 ? "" : ", " + n + (n == 1 ? " action" : " actions"))
                .append("</summary>\n\n");
        sb.append(esc(s.reason())).append(" (").append(s.type()).append(")\n\n");
        if (!s.versions().isEmpty() && !s.disposition().leftAlone()) {
            sb.append("| Version | Created (source) | Stages | Destination | Happens |\n|---|---|---|---|---|\n");
            for (VersionRow r : s.versions()) {
                sb.append("| `")
                        .append(r.versionId())
                        .append("` | ")
                        .append(r.sourceCreated() == null ? "-" : r.sourceCreated())
                        .append(" | ")
                        .append(r.stages().isEmpty() ? "(none)" : esc(String.join(", ", r.stages())))
                        .append(" | ")
                        .append(esc(r.destination()))
                        .append(" | ")
                        .append(r.happens())
                        .append(" |\n");
            }
            sb.append('\n');
        }
        if (!s.diff().isEmpty()) {
            sb.append("```diff\n");
            s.diff().forEach(l -> sb.append(l.text().replace("```", "'''")).append('\n'));
            sb.append("```\n\n");
        }
        if (n > 0) {
            sb.append("```text\n");
            for (PlannedAction a : s.actions()) {
                String params = a.summary().entrySet().stream()
                        .filter(e -> !e.getKey().equals("Steps"))
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "));
                sb.append('#')
                        .append(a.seq())
                        .append(' ')
                        .append(a.action().glyph())
                        .append(' ')
                        .append(a.action().api())
                        .append(' ')
                        .append(a.region())
                        .append(' ')
                        .append(a.secret())
                        .append(a.versionId() == null ? "" : " " + a.versionId())
                        .append(params.isEmpty() ? "" : "  (" + params + ")")
                        .append('\n');
                sb.append("    ").append(a.reason().replace("```", "'''")).append('\n');
                if (a.payload() instanceof Payload.Manual manual) {
                    manual.steps()
                            .forEach(step -> sb.append("    ").append(step).append('\n'));
                }
            }
            sb.append("```\n\n");
        }
        s.warnings()
                .forEach(w -> sb.append("> [!NOTE]\n> ").append(esc(w.text())).append("\n\n"));
        sb.append("</details>\n\n");
        return sb.toString();
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String esc(String s) {
        return html(s).replace("|", "\\|");
    }
}
