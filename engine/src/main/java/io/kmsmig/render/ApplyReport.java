package io.kmsmig.render;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Outcome;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What an apply did, for people: the failed secrets, notes, and the summary line. */
public final class ApplyReport {
    private final Style style;

    public ApplyReport(Style style) {
        this.style = style;
    }

    /** The report of {@code r}, an apply of {@code plan}; lines end with a newline. */
    public String text(ApplyResult r, Plan plan) {
        StringBuilder sb = new StringBuilder();
        if (!r.failures().isEmpty()) {
            sb.append('\n');
            sb.append(style.error("Failed secrets (the others went on; run apply again after fixing):"))
                    .append('\n');
            r.failures()
                    .forEach((name, why) -> sb.append("  - ")
                            .append(name)
                            .append(": ")
                            .append(why)
                            .append('\n'));
        }
        if (plan.secrets().stream().anyMatch(x -> x.disposition() == Disposition.DELETE_AND_RECREATE)) {
            sb.append("Note: deleting a RAM secret does not delete the RAM user's AccessKey pair.\n");
        }
        if (r.interrupted()) {
            sb.append("Stopped by request: calls in flight finished and the state is saved. Run apply again to "
                    + "finish.\n");
        }
        sb.append(style.bold(summaryLine(r))).append('\n');
        return sb.toString();
    }

    /**
     * One shape whatever happened, every count always printed (a pipeline's regex gate never meets a missing
     * field): {@code Apply complete! Secrets: 12 migrated, 3 unchanged, 1 manual pending, 2 not required, 1 skipped,
     * 0 failed, 0 recorded in state, 0 source deleted, 0 restored, 0 not started. API calls: 57 (2 retried).}
     */
    public static String summaryLine(ApplyResult r) {
        Map<Outcome, Integer> c = r.counts();
        StringBuilder sb = new StringBuilder(
                r.interrupted()
                        ? "Apply interrupted! "
                        : r.failed() ? "Apply finished with failures! " : "Apply complete! ");
        List<String> parts = new ArrayList<>();
        for (Outcome o : List.of(
                Outcome.MIGRATED,
                Outcome.UNCHANGED,
                Outcome.MANUAL_PENDING,
                Outcome.NOT_REQUIRED,
                Outcome.SKIPPED,
                Outcome.FAILED,
                Outcome.RECORDED,
                Outcome.SOURCE_DELETED,
                Outcome.RESTORED,
                Outcome.NOT_STARTED)) {
            parts.add(c.get(o) + " " + o.label());
        }
        sb.append("Secrets: ").append(String.join(", ", parts));
        sb.append(". API calls: ")
                .append(r.calls())
                .append(" (")
                .append(r.retries())
                .append(" retried).");
        return sb.toString();
    }
}
