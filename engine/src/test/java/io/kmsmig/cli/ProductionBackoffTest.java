package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.kms.Sleeper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backoff seam (Cli.backoff) is for tests only: every context production code builds (Main.main, Main.run,
 * BenchCommand's, ChildMain's) waits out its retries' backoff for real. The tests over the wire pass a recording
 * sleeper, so no other test would notice a production context that never waits, or waits forever.
 */
class ProductionBackoffTest {
    @Test
    void theContextProductionBuilds_waitsOutTheBackoffForReal() {
        // given: the constructor production code calls (the canonical one, with a sleeper, is for tests)
        Cli plain = new Cli(
                writer(),
                writer(),
                Path.of("."),
                Map.of(),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                Signals.JVM);
        // then: it waits for real
        assertSame(Sleeper.REAL, plain.backoff());
    }

    @Test
    void theRealSleeper_waitsAtLeastWhatItIsAsked_andThenReturns() {
        // given
        Duration asked = Duration.ofMillis(50);
        long start = System.nanoTime();
        // when: a deadline far beyond any load, so only a sleeper that never returns fails it
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Sleeper.REAL.sleep(asked));
        // then: no shorter (a sleeper that does not wait would hammer a throttling KMS)
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(waited.compareTo(asked) >= 0, "waited " + waited.toMillis() + " ms of " + asked.toMillis());
    }

    private static PrintWriter writer() {
        return new PrintWriter(new StringWriter());
    }
}
