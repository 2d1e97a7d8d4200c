package io.kmsmig.kms;

import java.time.Instant;
import java.util.List;

/** One region's ActionTrail LookupEvents 2020-07-06 (kms-openapi.md §17). */
public interface ActionTrailPort {
    /**
     * Every event on the secret named {@code resourceName} between {@code start} and {@code end}, all pages,
     * newest first.
     */
    List<TrailEvent> eventsOn(String resourceName, Instant start, Instant end);
}
