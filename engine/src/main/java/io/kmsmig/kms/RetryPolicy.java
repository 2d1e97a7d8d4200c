package io.kmsmig.kms;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (sleep a random time up to min(cap, base * 2^attempt)), bounded in
 * attempts and in total time. Retries throttling, 5xx and network failures only. Written here rather than taken
 * from a library because the backoff must share the injected sleeper and random with the rest of the engine, and
 * libraries offer proportional jitter, not full jitter.
 *
 * @param maxAttempts attempts per call, including the first
 * @param base        first backoff ceiling
 * @param cap         largest backoff ceiling
 * @param maxElapsed  give up when this much time has passed since the first attempt
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, Duration maxElapsed) {
    public static RetryPolicy of(int maxAttempts) {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(90));
    }

    /** The wait before attempt {@code attempt + 1} (attempt counts from 1). */
    public Duration backoff(int attempt, RandomGenerator random) {
        long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attempt - 1));
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }
}
