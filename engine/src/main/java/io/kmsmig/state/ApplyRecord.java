package io.kmsmig.state;

import java.time.Instant;

/**
 * The last apply of a saved plan, so the same plan file can resume after a crash.
 *
 * @param planId     the saved plan's id
 * @param baseSerial the state serial the plan was made against
 * @param startedAt  when apply started
 * @param finishedAt when it finished, or null while in progress (or after a crash)
 */
public record ApplyRecord(String planId, long baseSerial, Instant startedAt, Instant finishedAt) {}
