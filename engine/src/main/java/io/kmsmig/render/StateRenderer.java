package io.kmsmig.render;

import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The state for people ({@code kmsmig state list|show}), as text or as the state file's JSON. Never a value. */
public final class StateRenderer {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StateRenderer() {}

    /** Every secret in the state with its status; lines end with a newline. */
    public static String list(State st, OutputFormat format) {
        if (format == OutputFormat.json) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.write(st)) + "\n";
        }
        if (!st.exists()) {
            return "No state yet: nothing has been applied for this spec.\n";
        }
        StringBuilder sb = new StringBuilder("State lineage " + st.lineage() + ", serial " + st.serial() + ", "
                + st.secrets().size() + " secrets.\n");
        int w = st.secrets().keySet().stream().mapToInt(String::length).max().orElse(6);
        for (SecretState s : st.secrets().values()) {
            sb.append(String.format(
                            "  %-" + w + "s  %-14s  %s",
                            s.sourceName(),
                            s.status().wire(),
                            s.destinationName()
                                    + (s.lastErrorCode() == null ? "" : "  (last error " + s.lastErrorCode() + ")")))
                    .append('\n');
        }
        return sb.toString();
    }

    /** One secret's record; lines end with a newline. */
    public static String show(SecretState s, OutputFormat format) {
        if (format == OutputFormat.json) {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(StateCodec.secret(s)) + "\n";
        }
        StringBuilder sb = new StringBuilder();
        line(sb, s.sourceName() + " (" + s.type() + ")");
        line(sb, "  source:       " + s.sourceRegion() + " " + s.sourceArn());
        line(
                sb,
                "  destination:  " + s.destinationRegion() + " " + s.destinationName()
                        + (s.destinationArn() == null ? "" : " " + s.destinationArn()));
        line(
                sb,
                "  status:       " + s.status().wire()
                        + (s.lastAction() == null ? "" : ", last action " + s.lastAction())
                        + (s.lastErrorCode() == null ? "" : ", last error " + s.lastErrorCode()));
        line(sb, "  disposition:  " + s.disposition());
        line(sb, "  versions:     " + s.versions().size());
        s.versions()
                .forEach(v -> line(
                        sb,
                        "    " + v.versionId() + "  source created " + v.sourceCreated() + ", destination created "
                                + v.destinationCreated()));
        line(sb, "  stages:       " + s.stages());
        if (s.verification() != null) {
            line(
                    sb,
                    "  verified:     " + (s.verification().passed() ? "passed" : "FAILED") + " at "
                            + s.verification().at()
                            + (s.verification().differences().isEmpty()
                                    ? ""
                                    : " (" + String.join(", ", s.verification().differences()) + ")"));
        }
        if (s.sourceDeletion() != null) {
            line(
                    sb,
                    "  source deleted at " + s.sourceDeletion().deletedAt() + ", restorable until "
                            + s.sourceDeletion().plannedPurge());
        }
        if (s.inFlight() != null) {
            line(
                    sb,
                    "  in flight:    " + s.inFlight().action().api() + " (an apply stopped here; the next apply "
                            + "reconciles it)");
        }
        return sb.toString();
    }

    /**
     * The migrations a backend holds ({@code state list --migrations}): one name a line, or as JSON
     * ({@code schemas/state-migrations.v1.schema.json}).
     */
    public static String migrations(List<String> names, OutputFormat format) {
        if (format == OutputFormat.json) {
            ObjectNode o = JSON.createObjectNode().put("format_version", 1);
            ArrayNode a = o.putArray("migrations");
            names.forEach(a::add);
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        }
        return names.stream().map(n -> n + "\n").collect(Collectors.joining());
    }

    /**
     * The current state and the previous snapshots kept ({@code state history}), newest first, or as JSON
     * ({@code schemas/state-history.v1.schema.json}). {@code kept} says how deep the backend keeps, in words.
     */
    public static String history(State current, List<State> previous, int depth, String kept, OutputFormat format) {
        List<State> all = new ArrayList<>();
        if (current.exists()) {
            all.add(current);
        }
        all.addAll(previous);
        if (format == OutputFormat.json) {
            ObjectNode o = JSON.createObjectNode().put("format_version", 1).put("depth", depth);
            ArrayNode a = o.putArray("snapshots");
            for (int i = 0; i < all.size(); i++) {
                State st = all.get(i);
                ObjectNode n = a.addObject()
                        .put("serial", st.serial())
                        .put("lineage", st.lineage())
                        .put("secrets", st.secrets().size())
                        .put("current", i == 0 && current.exists());
                if (st.updatedAt() == null) {
                    n.putNull("updated_at");
                } else {
                    n.put("updated_at", st.updatedAt().toString());
                }
            }
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        }
        if (all.isEmpty()) {
            return "No state yet: nothing has been applied for this spec.\n";
        }
        StringBuilder sb = new StringBuilder(kept + "\n");
        line(sb, String.format("  %-8s  %-36s  %-24s  %s", "SERIAL", "LINEAGE", "UPDATED", "SECRETS"));
        for (int i = 0; i < all.size(); i++) {
            State st = all.get(i);
            line(
                    sb,
                    String.format(
                            "  %-8d  %-36s  %-24s  %d%s",
                            st.serial(),
                            st.lineage(),
                            st.updatedAt() == null ? "-" : st.updatedAt().toString(),
                            st.secrets().size(),
                            i == 0 && current.exists() ? "  (current)" : ""));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append('\n');
    }
}
