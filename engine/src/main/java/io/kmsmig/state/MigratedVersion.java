package io.kmsmig.state;

import java.time.Instant;

/**
 * A version kmsmig put in the destination.
 *
 * @param versionId          version id (the same in both regions)
 * @param sourceCreated      its creation time in the source
 * @param destinationCreated its creation time in the destination, when known (they differ by design)
 */
public record MigratedVersion(String versionId, Instant sourceCreated, Instant destinationCreated) {}
