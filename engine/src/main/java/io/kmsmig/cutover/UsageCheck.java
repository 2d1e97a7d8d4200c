package io.kmsmig.cutover;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.kms.ActionTrailPort;
import io.kmsmig.kms.TrailEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Who else used a source secret recently, according to ActionTrail (migration procedure, step 5): the secret-related
 * events the procedure names, minus kmsmig's own calls (its access keys and its User-Agent), newest first.
 *
 * <p>The quiet period is measured on the server's clock, which stamps the events: kmsmig's own clock may be minutes
 * or hours off, and a window ending at kmsmig's "now" would then miss the newest events (or, behind, the oldest).
 * The server's clock is read once per check (the Date header of a LookupEvents answer) and the window is widened by
 * {@link #MARGIN} on both sides; an event is evidence whatever its time, even one in kmsmig's future.
 */
final class UsageCheck {
    /** The events the migration procedure lists as secret-related. */
    static final Set<String> EVENTS = Set.of("GetSecretValue", "DescribeSecret", "ListSecretVersionIds", "PutSecretValue",
            "UpdateSecret", "UpdateSecretVersionStage", "UpdateSecretRotationPolicy", "RestoreSecret");
    /** kms-openapi.md §17.2: one query covers at most 30 days. */
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** Widens the window on both sides: the Date header's one-second resolution, latency, and drift during the run. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** Widens it further when the server sent no Date header and its clock is unknown. */
    static final Duration UNKNOWN_CLOCK_MARGIN = Duration.ofDays(1);

    private final ActionTrailPort trail;
    private final Supplier<Set<String>> ownKeys;
    private final Clock clock;
    @GuardedBy("this")
    private Optional<Duration> skew;

    UsageCheck(ActionTrailPort trail, Supplier<Set<String>> ownKeys, Clock clock) {
        this.trail = trail;
        this.ownKeys = ownKeys;
        this.clock = clock;
    }

    /** Foreign events on {@code secret} within the last {@code quietPeriod} by the server's clock, newest first. */
    List<TrailEvent> foreignUse(String secret, Duration quietPeriod) {
        Optional<Duration> offset = serverOffset();
        Duration margin = offset.isPresent() ? MARGIN : UNKNOWN_CLOCK_MARGIN;
        Instant serverNow = clock.instant().plus(offset.orElse(Duration.ZERO));
        Instant from = serverNow.minus(quietPeriod).minus(margin);
        Instant to = serverNow.plus(margin);
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

    /** The server's clock minus kmsmig's, measured on first use; empty when the server does not say. */
    private synchronized Optional<Duration> serverOffset() {
        if (skew == null) {
            Instant before = clock.instant();
            Optional<Instant> server = trail.serverTime();
            Instant after = clock.instant();
            Instant sent = before.plus(Duration.between(before, after).dividedBy(2));
            skew = server.map(s -> Duration.between(sent, s));
        }
        return skew;
    }

    /** "orders-app (LTAI...) called GetSecretValue at ... from 10.0.0.5", the evidence a reviewer reads. */
    static String describe(TrailEvent e) {
        return (e.userName() == null || e.userName().isEmpty() ? "someone" : e.userName()) + " (" + e.accessKeyId()
                + ") called " + e.eventName() + " at " + e.eventTime() + (e.sourceIp() == null || e.sourceIp().isEmpty()
                ? "" : " from " + e.sourceIp());
    }
}
