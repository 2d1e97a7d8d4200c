package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The backoff between retries, in process with a controlled random and a recording sleeper: full jitter (anywhere from
 * zero to the ceiling), the ceiling doubling from 100 ms per attempt up to the 5 s cap, and the guard pausing for
 * exactly what the policy says between attempts. The tests over the wire record these pauses instead of waiting them
 * out.
 */
class RetryPolicyTest {
    /** A random whose bounded draws are always the largest (or smallest) value allowed. */
    private static RandomGenerator always(boolean largest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return largest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void backoff_ceilingDoublesFrom100msUpToThe5sCap_withFullJitter() {
        RetryPolicy p = RetryPolicy.of(20);
        List<Long> ceilings = new ArrayList<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            ceilings.add(p.backoff(attempt, always(true)).toMillis());
            assertEquals(Duration.ZERO, p.backoff(attempt, always(false)), "full jitter reaches down to no wait");
        }
        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L, 5000L), ceilings);
    }

    @Test
    void guard_pausesWhatThePolicySaysBetweenAttempts_andNotAfterTheLast() {
        List<Duration> pauses = new ArrayList<>();
        Guard guard = new Guard(
                new RateLimits(Map.of()),
                RetryPolicy.of(4),
                new CallMeter(),
                pauses::add,
                always(true),
                Clock.systemUTC());
        int[] calls = {0};
        KmsCallException e = assertThrows(
                KmsCallException.class,
                () -> guard.run("cn-hangzhou", "DescribeSecret", () -> {
                    calls[0]++;
                    throw unavailable();
                }));
        assertEquals(4, calls[0], e.getMessage());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400)), pauses);
    }

    private static KmsCallException unavailable() {
        return new KmsCallException(
                "DescribeSecret", "ServiceUnavailableTemporary", KmsCallException.Kind.SERVER, "req-1", "unavailable");
    }
}
