package io.kmsmig.render;

import io.kmsmig.operation.PlanView;
import io.kmsmig.plan.Plan;
import java.io.PrintWriter;

/** {@code kmsmig plan} on a console: the plan on stdout in the chosen format; notes on stderr. */
public final class ConsolePlanView extends ConsoleView implements PlanView {
    private final PlanOutput output;
    private final String savedNote;

    /**
     * @param output    how to print the plan
     * @param savedNote what to say once the plan is saved (how to apply it)
     */
    public ConsolePlanView(PrintWriter out, PrintWriter err, PlanOutput output, String savedNote) {
        super(out, err);
        this.output = output;
        this.savedNote = savedNote;
    }

    @Override
    public void plan(Plan plan) {
        output.print(plan, out);
        out.flush(); // the plan, then the note on stderr, in that order on a terminal
    }

    @Override
    public void planSaved() {
        err.println(savedNote);
    }
}
