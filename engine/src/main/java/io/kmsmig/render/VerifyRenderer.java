package io.kmsmig.render;

import io.kmsmig.diag.Program;
import io.kmsmig.verify.Difference;
import io.kmsmig.verify.SecretVerification;
import io.kmsmig.verify.VerifyReport;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A verify report as text, Markdown or JSON. Differences are by field; values never appear. */
public final class VerifyRenderer {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Style style;

    public VerifyRenderer(Style style) {
        this.style = style;
    }

    public String text(VerifyReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("kmsmig verify for ")
                .append(r.specName())
                .append(": ")
                .append(r.sourceRegion())
                .append(" -> ")
                .append(r.destinationRegion())
                .append(" (values are compared in memory and never shown)\n\n");
        for (SecretVerification s : r.secrets()) {
            String label = switch (s.result()) {
                case VERIFIED -> style.green("verified");
                case DIFFERENT -> style.red("DIFFERS ");
                default -> style.red("ERROR   ");
            };
            sb.append("  ").append(label).append("  ").append(s.sourceName());
            if (!s.destinationName().equals(s.sourceName())) {
                sb.append(" -> ").append(s.destinationName());
            }
            sb.append('\n');
            s.differences()
                    .forEach(d ->
                            sb.append("              - ").append(d.message()).append('\n'));
        }
        if (!r.skipped().isEmpty()) {
            sb.append("\nNot compared:\n");
            r.skipped().forEach(s -> sb.append("  - ").append(s).append('\n'));
        }
        if (r.secrets().isEmpty()) {
            sb.append("Nothing to verify: the state holds no migrated secret yet. Run " + Program.name()
                    + " apply first.\n");
        }
        sb.append('\n').append(style.bold(r.summaryLine())).append('\n');
        return sb.toString();
    }

    public String markdown(VerifyReport r) {
        StringBuilder sb = new StringBuilder("### kmsmig verify: `")
                .append(r.specName())
                .append("` (")
                .append(r.sourceRegion())
                .append(" → ")
                .append(r.destinationRegion())
                .append(")\n\n**")
                .append(r.summaryLine())
                .append("**\n\n| | Secret | Differences |\n|---|---|---|\n");
        for (SecretVerification s : r.secrets()) {
            sb.append("| ")
                    .append(s.result() == SecretVerification.Result.VERIFIED ? "✅" : "❌")
                    .append(" | `")
                    .append(s.sourceName())
                    .append("` | ")
                    .append(
                            s.differences().isEmpty()
                                    ? ""
                                    : String.join(
                                                    "<br>",
                                                    s.differences().stream()
                                                            .map(Difference::message)
                                                            .toList())
                                            .replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    public String json(VerifyReport r) {
        ObjectNode o = JSON.createObjectNode();
        // schemas/verify.v1.schema.json
        o.put("format_version", 1)
                .put("spec_name", r.specName())
                .put("at", r.at().toString())
                .put("passed", r.passed())
                .put("via_instance", r.viaInstance())
                .put("summary", r.summaryLine());
        ArrayNode arr = o.putArray("secrets");
        for (SecretVerification s : r.secrets()) {
            ObjectNode so = arr.addObject()
                    .put("name", s.sourceName())
                    .put("destination_name", s.destinationName())
                    .put("result", s.result().name().toLowerCase(Locale.ROOT));
            ArrayNode d = so.putArray("differences");
            s.differences().forEach(x -> d.add(x.message()));
        }
        ArrayNode skipped = o.putArray("skipped");
        r.skipped().forEach(skipped::add);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }
}
