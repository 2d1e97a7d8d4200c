package io.kmsmig.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.kmsmig.cli.CliRun;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How ReadmeTourIT reads the README and matches output, so a passing tour means something. */
class ReadmeTourParseTest {
    @Test
    void parse_findsEveryTourCommandWithItsShownLinesAndExitCode() throws IOException {
        ReadmeTour tour = ReadmeTour.parse(CliRun.REPO.resolve("README.md"));
        assertEquals(13, tour.steps().size(), tour.steps().toString());
        assertEquals(
                "./kmsmig plan -f examples/quickstart/migration.yaml",
                tour.steps().get(0).command());
        assertEquals(
                "./kmsmig sandbox reset -f examples/quickstart/migration.yaml",
                tour.steps().get(12).command());
        assertEquals(0, tour.steps().get(4).exit());
    }

    @Test
    void mismatch_requiresConsecutiveRunsInOrder_andNormalisesWhatDiffersBetweenRuns() {
        List<String> actual = List.of(
                "a",
                "State: lineage 4ef0e6ad-5b4a-42b8-94b1-2333ac54a6f8, serial 49",
                "b",
                "c",
                "verified at 2026-11-29T04:58:28Z",
                "d");
        assertNull(ReadmeTour.mismatch(
                List.of(
                        "State: lineage 11111111-2222-3333-4444-555555555555, serial 3",
                        "b",
                        "...",
                        "verified at 2020-01-01T00:00:00.5Z"),
                actual));
        assertEquals(
                "a",
                ReadmeTour.mismatch(List.of("a", "b"), actual),
                "a and b are not consecutive: the run starting at a fails");
        assertEquals("a", ReadmeTour.mismatch(List.of("c", "...", "a"), actual), "runs must come in order");
        assertEquals("e", ReadmeTour.mismatch(List.of("a", "...", "e"), actual), "a line that is not there");
    }

    @Test
    void mismatch_countsTheCallsLessTheRetries_soAThrottledAndRetriedCallStillMatches() {
        String shown = "Apply complete! Secrets: 7 source deleted. API calls: 44 (0 retried).";
        assertNull(ReadmeTour.mismatch(
                List.of(shown), List.of("Apply complete! Secrets: 7 source deleted. API calls: 45 (1 retried).")));
        assertEquals(
                ReadmeTour.normalise(shown),
                ReadmeTour.mismatch(
                        List.of(shown),
                        List.of("Apply complete! Secrets: 7 source deleted. API calls: 45 (0 retried).")),
                "one call more is a difference");
    }
}
