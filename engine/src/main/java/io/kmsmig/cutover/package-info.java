/**
 * Cutover (migration procedure, step 5): deciding which source secrets may be deleted (verified, unchanged since,
 * and unused by anyone but kmsmig within the quiet period according to ActionTrail), and undoing a deletion
 * within its recovery window. Implements the planner's {@link io.kmsmig.plan.CutoverRules}.
 */
package io.kmsmig.cutover;
