package io.kmsmig.render;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Outcome;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;
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
            sb.append(style.error("Failed secrets (the others went on; run apply again after fixing):")).append('\n');
            r.failures().forEach((name, why) -> sb.append("  - ").append(name).append(": ").append(why).append('\n'));
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
     * {@code Apply complete! Secrets: 12 migrated, 3 unchanged, 1 manual pending, 2 not required, 0 failed.
     * API calls: 57 (2 retried).}
     */
    public static String summaryLine(ApplyResult r) {
        Map<Outcome, Integer> c = r.counts();
        StringBuilder sb = new StringBuilder(r.interrupted() ? "Apply interrupted! "
                : r.failed() ? "Apply finished with failures! " : "Apply complete! ");
        sb.append("Secrets: ").append(c.get(Outcome.MIGRATED)).append(" migrated, ").append(c.get(Outcome.UNCHANGED))
                .append(" unchanged, ").append(c.get(Outcome.MANUAL_PENDING)).append(" manual pending, ")
                .append(c.get(Outcome.NOT_REQUIRED)).append(" not required, ").append(c.get(Outcome.FAILED))
                .append(" failed");
        if (c.get(Outcome.RECORDED) > 0) {
            sb.append(", ").append(c.get(Outcome.RECORDED)).append(" recorded in state");
        }
        if (c.get(Outcome.SOURCE_DELETED) > 0) {
            sb.append(", ").append(c.get(Outcome.SOURCE_DELETED)).append(" source deleted");
        }
        if (c.get(Outcome.RESTORED) > 0) {
            sb.append(", ").append(c.get(Outcome.RESTORED)).append(" restored");
        }
        if (c.get(Outcome.NOT_STARTED) > 0) {
            sb.append(", ").append(c.get(Outcome.NOT_STARTED)).append(" not started");
        }
        sb.append(". API calls: ").append(r.calls()).append(" (").append(r.retries()).append(" retried).");
        return sb.toString();
    }
}
