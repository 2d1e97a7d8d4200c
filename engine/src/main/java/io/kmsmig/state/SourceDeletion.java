package io.kmsmig.state;

import java.time.Instant;

/**
 * kmsmig deleted the source secret (cutover, or the RAM delete-and-recreate).
 *
 * @param deletedAt          when
 * @param plannedPurge       KMS's PlannedDeleteTime: after it the secret cannot be restored
 * @param recoveryWindowDays the window used (0 for a forced deletion)
 */
public record SourceDeletion(Instant deletedAt, Instant plannedPurge, int recoveryWindowDays) {}
