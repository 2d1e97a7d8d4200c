/**
 * Cutover (migration procedure, step 5): deciding which source secrets may be deleted (verified, source and
 * destination unchanged since, and unused by anyone but kmsmig within the quiet period according to ActionTrail, on
 * the server's clock), and undoing a deletion within its recovery window. kmsmig's own calls are told by principal
 * ({@link io.kmsmig.cutover.OwnCalls}: every RAM user or role this migration has worked as, whatever the access key
 * or STS session), and trusted principals' metadata-only reads do not count. Implements the planner's
 * {@link io.kmsmig.plan.CutoverRules}; apply re-judges each deletion with {@link io.kmsmig.cutover.DeletionEvidence}
 * right before it. Reads only: never writes to either region.
 */
package io.kmsmig.cutover;
