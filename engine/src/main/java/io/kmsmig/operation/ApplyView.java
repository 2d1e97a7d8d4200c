package io.kmsmig.operation;

import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Progress;
import io.kmsmig.kms.CallMeter;
import io.kmsmig.plan.Plan;

/** What {@link ApplyOperation} shows and asks. */
public interface ApplyView extends View {
    /** The plan made for this apply (without a saved plan), before approval. */
    void plan(Plan plan);

    /** Asks whether to apply {@code plan}; throws when nobody can be asked. */
    boolean approve(Plan plan);

    /** The user did not approve: nothing was changed. */
    void cancelled();

    /** The saved plan {@code planId} is the one an interrupted apply of this state was running: it resumes. */
    void resuming(String planId);

    /** The saved plan is not stale and is applied now. */
    void applyingSaved(Plan plan);

    /** Progress of the apply about to start; {@code meter} counts the API calls. */
    Progress progress(CallMeter meter);

    /** Ctrl-C was received: said at once, before the calls in flight finish. */
    void interruptReceived();

    /** What the apply did (also when it failed or was interrupted). */
    void applied(ApplyResult result, Plan plan);
}
