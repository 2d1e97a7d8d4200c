package io.kmsmig.render;

import io.kmsmig.diag.Diagnostic;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code validate --format json}, for policy tools and pipelines: whether the spec is valid and every problem with
 * its file, line, column and field. Conforms to {@code schemas/validate.v1.schema.json}.
 */
public final class ValidateJson {
    public static final int FORMAT_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ValidateJson() {}

    /**
     * @param file        the spec as the user gave it
     * @param specName    the spec's name when it is valid, else null
     * @param summary     what the spec migrates, when valid, else null
     * @param error       the error when it is not valid, else null
     * @param diagnostics the problems found (empty when valid, or when the file could not be read at all)
     */
    public static String render(
            String file, String specName, String summary, String error, List<Diagnostic> diagnostics) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format_version", FORMAT_VERSION)
                .put("file", file)
                .put("valid", error == null)
                .put("spec_name", specName)
                .put("summary", summary)
                .put("error", error);
        ArrayNode arr = o.putArray("diagnostics");
        for (Diagnostic d : diagnostics) {
            arr.addObject()
                    .put("severity", d.severity().name().toLowerCase(Locale.ROOT))
                    .put("file", d.file())
                    .put("line", d.position().line())
                    .put("column", d.position().column())
                    .put("field", d.fieldPath())
                    .put("message", d.message());
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }
}
