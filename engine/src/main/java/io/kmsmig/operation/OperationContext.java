package io.kmsmig.operation;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.state.StateBackend;
import java.time.Clock;
import java.time.Duration;

/**
 * What every operation runs with (Terraform's {@code backend.Operation}): chosen by the command, never changed by
 * the operation.
 *
 * @param spec        the loaded spec
 * @param backend     where the state lives and how it is locked
 * @param regions     opens both regions, once the state lock is held
 * @param parallelism secrets worked on at once
 * @param lockTimeout how long to wait for the state lock
 * @param clock       the clock (plan times, state times, evidence ages)
 */
public record OperationContext(
        MigrationSpec spec,
        StateBackend backend,
        Regions.Opener regions,
        int parallelism,
        Duration lockTimeout,
        Clock clock) {
    /** The same context with another state backend. */
    public OperationContext withBackend(StateBackend other) {
        return new OperationContext(spec, other, regions, parallelism, lockTimeout, clock);
    }
}
