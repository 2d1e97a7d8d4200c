package io.kmsmig.render;

import io.kmsmig.state.SecretState;
import io.kmsmig.state.State;
import io.kmsmig.state.StateCodec;
import tools.jackson.databind.json.JsonMapper;

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

    private static void line(StringBuilder sb, String text) {
        sb.append(text).append('\n');
    }
}
