package io.kmsmig.kms;

import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Runs one API call under the region's rate limit, retrying what is retryable, and counting attempts. */
public final class Guard {
    private final RateLimits limits;
    private final RetryPolicy policy;
    private final CallMeter meter;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final Clock clock;
    private final ThreadLocal<Integer> attempts = ThreadLocal.withInitial(() -> 0);

    public Guard(
            RateLimits limits,
            RetryPolicy policy,
            CallMeter meter,
            Sleeper sleeper,
            RandomGenerator random,
            Clock clock) {
        this.limits = limits;
        this.policy = policy;
        this.meter = meter;
        this.sleeper = sleeper;
        this.random = random;
        this.clock = clock;
    }

    /** Attempts the last call on this thread took (1 when it was not retried). */
    public int lastAttempts() {
        return attempts.get();
    }

    public CallMeter meter() {
        return meter;
    }

    public RateLimits limits() {
        return limits;
    }

    public <T> T run(String region, String action, Supplier<T> call) {
        Instant start = clock.instant();
        for (int attempt = 1; ; attempt++) {
            try {
                limits.acquire(region, action);
                meter.attempt(region, action);
                attempts.set(attempt);
                return call.get();
            } catch (KmsCallException e) {
                if (e.kind() == KmsCallException.Kind.THROTTLED) {
                    meter.throttled();
                }
                boolean timeLeft = Duration.between(start, clock.instant()).compareTo(policy.maxElapsed()) < 0;
                if (!e.retryable() || attempt >= policy.maxAttempts() || !timeLeft) {
                    if (e.kind() == KmsCallException.Kind.THROTTLED) {
                        meter.surfacedThrottle();
                    }
                    throw e;
                }
                meter.retry();
                pause(action, policy.backoff(attempt, random));
            } catch (InterruptedException e) {
                throw interrupted(action);
            }
        }
    }

    /** A call with no answer. */
    public void runVoid(String region, String action, Runnable call) {
        run(region, action, () -> {
            call.run();
            return null;
        });
    }

    private void pause(String action, Duration d) {
        try {
            if (!d.isZero()) {
                sleeper.sleep(d);
            }
        } catch (InterruptedException e) {
            throw interrupted(action);
        }
    }

    private static KmsmigException interrupted(String action) {
        Thread.currentThread().interrupt();
        return new KmsmigException(ErrorCode.INTERRUPTED, "Interrupted while waiting to call " + action + ".");
    }
}
