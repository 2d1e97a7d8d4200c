package io.kmsmig.cutover;

import io.kmsmig.kms.ActionTrailPort;
import io.kmsmig.kms.TrailEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who else used a source secret recently, according to ActionTrail (migration procedure, step 5): the secret-related
 * events the procedure names, minus kmsmig's own calls (its access keys and its User-Agent), newest first.
 */
final class UsageCheck {
    /** The events the migration procedure lists as secret-related. */
    static final Set<String> EVENTS = Set.of("GetSecretValue", "DescribeSecret", "ListSecretVersionIds", "PutSecretValue",
            "UpdateSecret", "UpdateSecretVersionStage", "UpdateSecretRotationPolicy", "RestoreSecret");
    /** kms-openapi.md §17.2: one query covers at most 30 days. */
    static final Duration MAX_WINDOW = Duration.ofDays(30);

    private final ActionTrailPort trail;
    private final Supplier<Set<String>> ownKeys;

    UsageCheck(ActionTrailPort trail, Supplier<Set<String>> ownKeys) {
        this.trail = trail;
        this.ownKeys = ownKeys;
    }

    /** Foreign events on {@code secret} in [from, to], newest first. */
    List<TrailEvent> foreignUse(String secret, Instant from, Instant to) {
        List<TrailEvent> out = new ArrayList<>();
        Set<String> own = ownKeys.get();
        for (Instant end = to; end.isAfter(from); end = end.minus(MAX_WINDOW)) {
            Instant start = end.minus(MAX_WINDOW).isBefore(from) ? from : end.minus(MAX_WINDOW);
            for (TrailEvent e : trail.eventsOn(secret, start, end)) {
                boolean ours = own.contains(e.accessKeyId()) && e.userAgent() != null && e.userAgent().contains("kmsmig/");
                if (EVENTS.contains(e.eventName()) && !ours) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparing(TrailEvent::eventTime, Comparator.nullsLast(Comparator.reverseOrder())));
        return out;
    }

    /** "orders-app (LTAI...) called GetSecretValue at ... from 10.0.0.5", the evidence a reviewer reads. */
    static String describe(TrailEvent e) {
        return (e.userName() == null || e.userName().isEmpty() ? "someone" : e.userName()) + " (" + e.accessKeyId()
                + ") called " + e.eventName() + " at " + e.eventTime() + (e.sourceIp() == null || e.sourceIp().isEmpty()
                ? "" : " from " + e.sourceIp());
    }
}
