/**
 * Planning: from the spec, the source snapshot, the destination refresh and the state, an immutable
 * {@link io.kmsmig.plan.Plan} that says what will happen, in what order, and why. Holds the stage model (KMS
 * label semantics, simulated to choose the fewest stage moves), dispositions, actions and the saved-plan format.
 * Each action's {@link io.kmsmig.plan.Payload} is what apply executes; the parameter summary people read is derived
 * from it ({@code PayloadSummary}) and never parsed back.
 *
 * <p>Must not live here: calls to KMS (the snapshot is read before planning) and rendering.
 */
package io.kmsmig.plan;
