package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void connectionsGuard_waitsOnTheSleeperItIsGiven() {
        // given: the guard production builds (Connections.guard, from the spec's limits), with a recording sleeper
        List<Duration> pauses = new ArrayList<>();
        Guard guard = Connections.guard(Map.of(), 10, pauses::add);
        int[] calls = {0};
        // when: every attempt fails with a retryable error
        assertThrows(
                KmsCallException.class,
                () -> guard.run("cn-hangzhou", "DescribeSecret", () -> {
                    calls[0]++;
                    throw unavailable();
                }));
        // then: it paused on that sleeper between its ten attempts, none beyond the 5 s cap (a zero pause, which full
        // jitter may draw, is not slept, so some pause, not each, is checked: nine all drawing zero is one in 1e20)
        assertEquals(10, calls[0]);
        assertTrue(
                !pauses.isEmpty()
                        && pauses.size() <= 9
                        && pauses.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(5)) <= 0),
                pauses.toString());
    }

    private static KmsCallException unavailable() {
        return new KmsCallException(
                "DescribeSecret", "ServiceUnavailableTemporary", KmsCallException.Kind.SERVER, "req-1", "unavailable");
    }
}
