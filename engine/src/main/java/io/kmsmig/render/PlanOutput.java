package io.kmsmig.render;

import io.kmsmig.plan.Plan;
import java.io.PrintWriter;

/**
 * A plan in one of the output formats, as plan, show and apply print it.
 *
 * @param format      text, markdown or json
 * @param style       colour for text
 * @param showCommand the command that shows this plan again, for the markdown header
 * @param version     this kmsmig's version, for json
 * @param where       what the plan ran against, for the markdown header ({@link MarkdownPlanRenderer#SANDBOX} or
 *                    {@link MarkdownPlanRenderer#CLOUD}), or null when not known (a saved plan shown later)
 */
public record PlanOutput(OutputFormat format, Style style, String showCommand, String version, String where) {
    /** Without saying what the plan ran against. */
    public PlanOutput(OutputFormat format, Style style, String showCommand, String version) {
        this(format, style, showCommand, version, null);
    }

    /** Writes the plan to {@code out} as it renders (text and JSON are streamed; markdown is bounded in size). */
    public void print(Plan plan, PrintWriter out) {
        switch (format) {
            case json -> new JsonPlanRenderer(version).render(plan, out);
            case markdown -> out.print(new MarkdownPlanRenderer(showCommand, where).render(plan));
            default -> new TextPlanRenderer(style).render(plan, out);
        }
    }
}
