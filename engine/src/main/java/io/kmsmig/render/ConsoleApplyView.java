package io.kmsmig.render;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Progress;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.diag.Program;
import io.kmsmig.kms.CallMeter;
import io.kmsmig.operation.ApplyView;
import io.kmsmig.plan.Plan;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * {@code kmsmig apply} on a console: the plan and the report on stdout; on a terminal a progress bar on stderr and
 * the approval prompt, otherwise one line per finished secret.
 */
public final class ConsoleApplyView extends ConsoleView implements ApplyView {
    private final BufferedReader stdin;
    private final boolean terminal;
    private final Style style;
    private final String planFile;
    private final String specArg;

    /**
     * @param stdin    where the answer to the prompt comes from
     * @param terminal whether a person is at a terminal (prompt, progress bar)
     * @param planFile the saved plan as the user gave it, or null
     * @param specArg  the spec as the user gave it, for the commands messages suggest
     */
    public ConsoleApplyView(
            PrintWriter out,
            PrintWriter err,
            BufferedReader stdin,
            boolean terminal,
            Style style,
            String planFile,
            String specArg) {
        super(out, err);
        this.stdin = stdin;
        this.terminal = terminal;
        this.style = style;
        this.planFile = planFile;
        this.specArg = specArg;
    }

    @Override
    public void plan(Plan plan) {
        // Not flushed here: a refusal (conflicts, no terminal to ask on) reaches stderr as it always did.
        out.print(new TextPlanRenderer(style).render(plan));
    }

    @Override
    public boolean approve(Plan plan) {
        if (!terminal) {
            throw new KmsmigException(
                    ErrorCode.NEEDS_APPROVAL,
                    "kmsmig apply needs approval, and there is no terminal "
                            + "to ask on. Review the plan above, then run again with --auto-approve, or apply a saved plan: "
                            + Program.name() + " plan -f " + specArg + " -o plan.kmsplan && " + Program.name()
                            + " apply -f " + specArg
                            + " plan.kmsplan");
        }
        out.print("\nDo you want to apply " + plan.actions().size() + " actions? Only 'yes' will be accepted: ");
        out.flush();
        String answer;
        try {
            answer = stdin.readLine();
        } catch (IOException e) {
            // Not an internal error: the terminal went away (closed pipe, hung-up session) before anyone answered.
            throw new KmsmigException(
                    ErrorCode.NEEDS_APPROVAL,
                    "Could not read the answer to the approval prompt "
                            + "from standard input (" + e.getClass().getSimpleName() + "); nothing was changed. "
                            + "Run apply again at a terminal, or review the plan and run with --auto-approve, "
                            + "or apply a saved plan: "
                            + Program.name() + " plan -f " + specArg + " -o plan.kmsplan && " + Program.name()
                            + " apply -f " + specArg
                            + " plan.kmsplan",
                    e);
        }
        return "yes".equals(answer == null ? null : answer.trim());
    }

    @Override
    public void cancelled() {
        out.println("Apply cancelled. Nothing was changed.");
    }

    @Override
    public void resuming(String planId) {
        out.println("Resuming the interrupted apply of " + planFile + " (plan " + planId + ").");
    }

    @Override
    public void applyingSaved(Plan plan) {
        out.println("Applying saved plan " + planFile + ": " + plan.summaryLine());
    }

    @Override
    public Progress progress(CallMeter meter) {
        out.flush(); // what was shown before the apply starts is out before the first progress line
        return terminal ? new BarProgress(err, meter) : new LineProgress(out);
    }

    @Override
    public void interruptReceived() {
        // Said at once, as Terraform does, so whoever pressed Ctrl-C knows it was heard and why exit takes a moment.
        err.println("Interrupt received: no new calls start; the calls in flight finish and the state is saved before "
                + "kmsmig exits.");
        err.flush();
    }

    @Override
    public void applied(ApplyResult result, Plan plan) {
        out.print(new ApplyReport(style).text(result, plan));
        out.flush();
    }
}
