/**
 * Cutover (migration procedure, step 5): deciding which source secrets may be deleted (verified, source and
 * destination unchanged since, and unused by anyone but kmsmig within the quiet period according to ActionTrail, on
 * the server's clock), and undoing a deletion within its recovery window. Implements the planner's
 * {@link io.kmsmig.plan.CutoverRules}; apply re-judges each deletion with {@link io.kmsmig.cutover.DeletionEvidence}
 * right before it. Reads only: never writes to either region.
 */
package io.kmsmig.cutover;
