package io.kmsmig.render;

import io.kmsmig.plan.Plan;
import io.kmsmig.plan.PlanJson;
import tools.jackson.databind.json.JsonMapper;

/** The plan as JSON ({@code schemas/plan.v1.schema.json}), pretty-printed with a trailing newline. */
public final class JsonPlanRenderer {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String kmsmigVersion;

    public JsonPlanRenderer(String kmsmigVersion) {
        this.kmsmigVersion = kmsmigVersion;
    }

    public String render(Plan p) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(PlanJson.write(p, kmsmigVersion)) + "\n";
    }
}
