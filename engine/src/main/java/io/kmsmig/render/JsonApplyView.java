package io.kmsmig.render;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Outcome;
import io.kmsmig.apply.Progress;
import io.kmsmig.kms.CallMeter;
import io.kmsmig.operation.ApplyView;
import io.kmsmig.plan.Plan;
import java.io.PrintWriter;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code apply --format json}: what people read (the plan, the prompt, progress) goes to stderr through the console
 * view, and stdout gets one JSON document, the apply's summary ({@code schemas/apply.v1.schema.json}), for policy
 * tools and pipelines.
 */
public final class JsonApplyView implements ApplyView {
    public static final int FORMAT_VERSION = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final PrintWriter out;
    private final ApplyView people;

    /**
     * @param out    where the JSON summary goes (stdout)
     * @param people the console view, writing to stderr
     */
    public JsonApplyView(PrintWriter out, ApplyView people) {
        this.out = out;
        this.people = people;
    }

    @Override
    public void plan(Plan plan) {
        people.plan(plan);
    }

    @Override
    public boolean approve(Plan plan) {
        return people.approve(plan);
    }

    @Override
    public void cancelled() {
        people.cancelled();
    }

    @Override
    public void resuming(String planId) {
        people.resuming(planId);
    }

    @Override
    public void applyingSaved(Plan plan) {
        people.applyingSaved(plan);
    }

    @Override
    public Progress progress(CallMeter meter) {
        return people.progress(meter);
    }

    @Override
    public void interruptReceived() {
        people.interruptReceived();
    }

    @Override
    public void applied(ApplyResult result, Plan plan) {
        people.applied(result, plan);
        out.print(json(result, plan));
        out.flush();
    }

    @Override
    public void waitingForLock(String line) {
        people.waitingForLock(line);
    }

    @Override
    public void stateWarning(String warning) {
        people.stateWarning(warning);
    }

    /** The summary as JSON: result, every outcome's count (zeros included), each secret's outcome, calls. */
    public static String json(ApplyResult r, Plan plan) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format_version", FORMAT_VERSION)
                .put("spec_name", plan.specName())
                .put("result", r.interrupted() ? "interrupted" : r.failed() ? "failed" : "complete")
                .put("summary", ApplyReport.summaryLine(r));
        ObjectNode counts = o.putObject("counts");
        r.counts().forEach((outcome, n) -> counts.put(wire(outcome), n));
        ObjectNode secrets = o.putObject("secrets");
        r.outcomes().forEach((name, outcome) -> {
            ObjectNode s = secrets.putObject(name).put("outcome", wire(outcome));
            s.put("error", r.failures().get(name));
        });
        o.put("api_calls", r.calls()).put("retried", r.retries());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
    }

    private static String wire(Outcome o) {
        return o.label().toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
