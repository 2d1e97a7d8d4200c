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
 */
public record PlanOutput(OutputFormat format, Style style, String showCommand, String version) {
    /** Writes the plan to {@code out} as it renders (text and JSON are streamed; markdown is bounded in size). */
    public void print(Plan plan, PrintWriter out) {
        switch (format) {
            case json -> new JsonPlanRenderer(version).render(plan, out);
            case markdown -> out.print(new MarkdownPlanRenderer(showCommand).render(plan));
            default -> new TextPlanRenderer(style).render(plan, out);
        }
    }
}
