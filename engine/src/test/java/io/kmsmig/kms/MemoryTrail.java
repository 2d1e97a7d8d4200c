package io.kmsmig.kms;

import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ActionTrailPort} over {@link MemoryCloud}'s audit log: the ActionTrail endpoint's LookupEvents (newest
 * first, 50 a page, only the last 90 days, kms-openapi.md §17.2) without the wire. Its calls meet the cloud's faults
 * and call log like the endpoint's, and are not themselves recorded as events (the endpoint's are not either).
 */
final class MemoryTrail implements ActionTrailPort {
    private final MemoryCloud cloud;
    private final String region;
    private final Guard guard;

    /** {@code guard} runs each call as AliyunActionTrail's does (retries, rate limit), or null for none. */
    MemoryTrail(MemoryCloud cloud, String region, Guard guard) {
        this.cloud = cloud;
        this.region = region;
        this.guard = guard;
    }

    private <T> T call(java.util.function.Supplier<T> body) {
        java.util.function.Supplier<T> served = () -> cloud.serve(region, "LookupEvents", null, Map.of(), null, body);
        return guard == null ? served.get() : guard.run(region, "LookupEvents", served);
    }

    @Override
    public List<TrailEvent> eventsOn(String resourceName, Instant start, Instant end) {
        List<TrailEvent> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            AuditLog.Page page = call(() -> {
                Instant oldest = cloud.clock().nowSeconds().minus(Duration.ofDays(90));
                // The wire carries both ends to the second (AliyunActionTrail truncates them).
                Instant from = seconds(start).isBefore(oldest) ? oldest : seconds(start);
                return cloud.audit()
                        .lookup(region, Map.of("ResourceName", resourceName), from, seconds(end), false, 50, next);
            });
            for (AuditEvent e : page.events()) {
                // The caller's principal as the endpoint's userIdentity gives it (kms-openapi.md §19).
                var who = AuditLog.toJson(e, cloud.world().account()).path("userIdentity");
                out.add(new TrailEvent(
                        e.eventName(),
                        e.eventTime(),
                        e.accessKeyId(),
                        e.userName(),
                        e.userAgent(),
                        e.sourceIpAddress(),
                        who.path("type").asString(""),
                        Principals.fromEvent(
                                who.path("type").asString(""),
                                who.path("accountId").asString(""),
                                e.userName(),
                                who.path("arn").asString(""))));
            }
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    /** The endpoint's clock, to the second, as its Date header gives it. */
    @Override
    public Optional<Instant> serverTime() {
        return Optional.of(call(() -> cloud.clock().nowSeconds()));
    }

    private static Instant seconds(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }
}
