/**
 * The operations: {@link io.kmsmig.operation.PlanOperation}, {@link io.kmsmig.operation.ApplyOperation} and
 * {@link io.kmsmig.operation.VerifyOperation}, each owning one run from lock to fold (Terraform's
 * {@code backend/local} operations): take the state lock, open the regions, read the state once, refresh, plan
 * (or check a saved plan is not stale), act, and fold the journal into the state. They report only through a view
 * ({@link io.kmsmig.operation.PlanView}, {@link io.kmsmig.operation.ApplyView},
 * {@link io.kmsmig.operation.VerifyView}); what the views print lives in {@code render}.
 *
 * <p>The state is reached only through {@link io.kmsmig.state.StateBackend}, the regions only through
 * {@link io.kmsmig.operation.Regions}: nothing here knows files, terminals or the command line, and nothing here
 * imports {@code cli} or {@code render}.
 */
package io.kmsmig.operation;
