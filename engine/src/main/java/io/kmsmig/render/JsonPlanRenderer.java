package io.kmsmig.render;

import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** The plan as JSON ({@code schemas/plan.v2.schema.json}), pretty-printed with a trailing newline. */
public final class JsonPlanRenderer {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String kmsmigVersion;

    public JsonPlanRenderer(String kmsmigVersion) {
        this.kmsmigVersion = kmsmigVersion;
    }

    public String render(Plan p) {
        StringWriter out = new StringWriter();
        render(p, new PrintWriter(out));
        return out.toString();
    }

    /** Writes the same characters as {@link #render(Plan)} to {@code out}, without building them as one string. */
    public void render(Plan p, PrintWriter out) {
        JSON.writerWithDefaultPrettyPrinter()
                .without(StreamWriteFeature.AUTO_CLOSE_TARGET)
                .writeValue(out, PlanJson.write(p, kmsmigVersion));
        out.append('\n');
        out.flush();
    }
}
