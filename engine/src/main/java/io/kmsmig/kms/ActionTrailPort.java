package io.kmsmig.kms;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One region's ActionTrail LookupEvents 2020-07-06 (kms-openapi.md §17). */
public interface ActionTrailPort {
    /**
     * Every event on the secret named {@code resourceName} between {@code start} and {@code end}, all pages,
     * newest first.
     */
    List<TrailEvent> eventsOn(String resourceName, Instant start, Instant end);

    /**
     * The server's clock now, from the {@code Date} header of a fresh answer; empty when the answer has none. Event
     * times are the server's: a query window taken from kmsmig's own clock would miss events whenever the two
     * clocks disagree.
     */
    Optional<Instant> serverTime();
}
