package io.kmsmig.state;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a waiter for the state lock sleeps before its next try: exponential from {@code first}, capped at
 * {@code cap}, with "equal jitter" (half fixed, half random) so waiters started together do not retry in step.
 *
 * @param first  the delay before the second try (before jitter)
 * @param cap    no delay exceeds it
 * @param random the jitter's source (tests pass a seeded one)
 */
public record Backoff(Duration first, Duration cap, RandomGenerator random) {
    /** 250 ms, doubling up to 10 s: a 5 minute wait costs about 45 tries, not 1,500. */
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10), RandomGenerator.getDefault());

    public Backoff {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= cap");
        }
    }

    /** The delay after the {@code attempt}-th failed try (0-based), in [d/2, d] where d = min(cap, first * 2^attempt). */
    public Duration delay(int attempt) {
        long capMs = cap.toMillis();
        long d = first.toMillis() << Math.min(attempt, 30);
        if (d <= 0 || d > capMs) {
            d = capMs;
        }
        long half = d / 2;
        return Duration.ofMillis(half + random.nextLong(d - half + 1));
    }
}
