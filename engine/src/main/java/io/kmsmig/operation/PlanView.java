package io.kmsmig.operation;

import io.kmsmig.plan.Plan;

/** What {@link PlanOperation} shows. */
public interface PlanView extends View {
    /** The plan, in the view's format. */
    void plan(Plan plan);

    /** The plan was saved to the plan file (after it was shown). */
    void planSaved();
}
