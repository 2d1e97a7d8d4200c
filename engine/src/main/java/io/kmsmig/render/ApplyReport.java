package io.kmsmig.render;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.plan.Disposition;
import io.kmsmig.plan.Plan;

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
            sb.append("Stopped by request: calls in flight finished and the state is saved. Run apply again to finish.\n");
        }
        sb.append(style.bold(r.summaryLine())).append('\n');
        return sb.toString();
    }
}
