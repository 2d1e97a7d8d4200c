package io.kmsmig.cli;

import io.kmsmig.kms.Connections;
import io.kmsmig.kms.Guard;
import io.kmsmig.spec.MigrationSpec;

/**
 * Where a spec-driven command's KMS, ActionTrail and gateway ports come from when not from the spec's endpoints or
 * sandbox: the one seam through which tests run commands over an in-memory KMS (no HTTP, no TLS). Production never
 * sets it ({@link Cli#ports()} is null).
 */
@FunctionalInterface
public interface PortSource {
    /** The connections for {@code spec}; {@code guard} is the one the spec's limits would give (use it or not). */
    Connections connect(MigrationSpec spec, Guard guard);
}
