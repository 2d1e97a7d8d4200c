package io.kmsmig.cutover;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.diag.Printable;
import io.kmsmig.kms.ActionTrailPort;
import io.kmsmig.kms.TrailEvent;
import io.kmsmig.spec.Glob;
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
 * events the procedure names, newest first, minus kmsmig's own calls and minus trusted principals' metadata-only
 * reads.
 *
 * <p>A call is kmsmig's when its principal (kms-openapi.md §19: the RAM user, or the role whatever the session and
 * STS key id) is one this migration has used ({@link OwnCalls}) and the call is not a GetSecretValue by another
 * program (a User-Agent without kmsmig's: an application given kmsmig's credentials), or, for an event that names
 * no principal, when it was signed with one of this run's access keys and kmsmig's User-Agent. A principal in
 * {@code cutover.trustedPrincipals} (a security scanner, Cloud Config) may describe a secret and list its versions
 * without that counting as use; any other call of theirs, GetSecretValue above all, counts.
 *
 * <p>The quiet period is measured on the server's clock, which stamps the events: kmsmig's own clock may be minutes
 * or hours off, and a window ending at kmsmig's "now" would then miss the newest events (or, behind, the oldest).
 * The server's clock is read once per check (the Date header of a LookupEvents answer) and the window is widened by
 * {@link #MARGIN} on both sides; an event is evidence whatever its time, even one in kmsmig's future.
 */
final class UsageCheck {
    /** The events the migration procedure lists as secret-related. */
    static final Set<String> EVENTS = Set.of(
            "GetSecretValue",
            "DescribeSecret",
            "ListSecretVersionIds",
            "PutSecretValue",
            "UpdateSecret",
            "UpdateSecretVersionStage",
            "UpdateSecretRotationPolicy",
            "RestoreSecret");
    /** The User-Agent token kmsmig's KMS clients send (AliyunClients). */
    static final String KMSMIG_AGENT = "kmsmig/";

    private static final String SHARED = "kmsmig's own identity, but User-Agent \"";
    /** Reads that show no value: a trusted principal may make them. */
    static final Set<String> METADATA_READS = Set.of("DescribeSecret", "ListSecretVersionIds");
    /** kms-openapi.md §17.2: one query covers at most 30 days. */
    static final Duration MAX_WINDOW = Duration.ofDays(30);
    /** Widens the window on both sides: the Date header's one-second resolution, latency, and drift during the run. */
    static final Duration MARGIN = Duration.ofMinutes(5);
    /** Widens it further when the server sent no Date header and its clock is unknown. */
    static final Duration UNKNOWN_CLOCK_MARGIN = Duration.ofDays(1);

    private final ActionTrailPort trail;
    private final Supplier<OwnCalls> own;
    private final List<Glob> trusted;
    private final Clock clock;

    @GuardedBy("this")
    private Optional<Duration> skew;

    UsageCheck(ActionTrailPort trail, Supplier<OwnCalls> own, List<Glob> trusted, Clock clock) {
        this.trail = trail;
        this.own = own;
        this.trusted = List.copyOf(trusted);
        this.clock = clock;
    }

    /**
     * What the check found on one secret.
     *
     * @param foreign events that count as use, newest first
     * @param ignored events that do not, with why, newest first
     * @param unknownIdentities why one of this run's identities is unknown (STS failed), empty when all are known
     */
    record Usage(List<TrailEvent> foreign, List<Ignored> ignored, List<String> unknownIdentities) {
        Usage {
            foreign = List.copyOf(foreign);
            ignored = List.copyOf(ignored);
            unknownIdentities = List.copyOf(unknownIdentities);
        }
    }

    /** An event that does not count, and why: kmsmig's own, or a trusted principal's metadata read. */
    record Ignored(TrailEvent event, boolean own, String principal) {}

    /** Events on {@code secret} within the last {@code quietPeriod} by the server's clock, attributed. */
    Usage use(String secret, Duration quietPeriod) {
        Optional<Duration> offset = serverOffset();
        Duration margin = offset.isPresent() ? MARGIN : UNKNOWN_CLOCK_MARGIN;
        Instant serverNow = clock.instant().plus(offset.orElse(Duration.ZERO));
        Instant from = serverNow.minus(quietPeriod).minus(margin);
        Instant to = serverNow.plus(margin);
        List<TrailEvent> foreign = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        OwnCalls mine = own.get();
        for (Instant end = to; end.isAfter(from); end = end.minus(MAX_WINDOW)) {
            Instant start = end.minus(MAX_WINDOW).isBefore(from) ? from : end.minus(MAX_WINDOW);
            for (TrailEvent e : trail.eventsOn(secret, start, end)) {
                if (!EVENTS.contains(e.eventName())) {
                    continue;
                }
                if (ours(e, mine)) {
                    ignored.add(new Ignored(e, true, e.principal() != null ? e.principal() : e.accessKeyId()));
                } else if (METADATA_READS.contains(e.eventName()) && trustedBy(e) != null) {
                    ignored.add(new Ignored(e, false, trustedBy(e)));
                } else {
                    foreign.add(e);
                }
            }
        }
        Comparator<TrailEvent> newest =
                Comparator.comparing(TrailEvent::eventTime, Comparator.nullsLast(Comparator.reverseOrder()));
        foreign.sort(newest);
        ignored.sort(Comparator.comparing(Ignored::event, newest));
        return new Usage(foreign, ignored, mine.problems());
    }

    static boolean ours(TrailEvent e, OwnCalls mine) {
        if (e.principal() != null && mine.planners().contains(e.principal())) {
            return METADATA_READS.contains(e.eventName());
        }
        if (e.principal() != null && mine.principals().contains(e.principal())) {
            // A value read by another program signing as kmsmig's own user or role (an application given the
            // migrator's credentials) is that program's use, not kmsmig's: deleting the source would break it.
            return !sharedIdentityValueRead(e);
        }
        return mine.accessKeyIds().contains(e.accessKeyId()) && kmsmigAgent(e);
    }

    /** kmsmig signs every KMS call with its User-Agent ({@code kmsmig/<version>}, AliyunClients). */
    static boolean kmsmigAgent(TrailEvent e) {
        return e.userAgent() != null && e.userAgent().contains(KMSMIG_AGENT);
    }

    /**
     * A GetSecretValue whose User-Agent names another program: under one of kmsmig's principals, it is an application
     * sharing kmsmig's credentials. Without a User-Agent the event cannot tell, and the principal decides.
     */
    static boolean sharedIdentityValueRead(TrailEvent e) {
        return "GetSecretValue".equals(e.eventName())
                && e.userAgent() != null
                && !e.userAgent().isEmpty()
                && !kmsmigAgent(e);
    }

    /** The trusted-principal glob the caller of {@code e} matches (by user name, role name or ARN), or null. */
    String trustedBy(TrailEvent e) {
        List<String> names = new ArrayList<>();
        if (e.principal() != null) {
            names.add(e.principal());
        }
        if (e.userName() != null && !e.userName().isEmpty()) {
            // An assumed role's user name is <role>:<session>; the role is what a spec can name.
            names.add("assumed-role".equals(e.identityType()) ? e.userName().split(":", 2)[0] : e.userName());
        }
        for (Glob g : trusted) {
            for (String n : names) {
                if (g.matches(n)) {
                    return g.toString();
                }
            }
        }
        return null;
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

    /**
     * "orders-app (LTAI..., RAM user acs:ram::123:user/orders-app) called GetSecretValue at ... from 10.0.0.5", the
     * evidence a reviewer reads: who, with which key, which API, when and from where.
     */
    static String describe(TrailEvent e) {
        // every field but the time is the caller's or the trail's text: printed through Printable (no terminal
        // escapes, no Markdown or HTML breaking out of the plan comment)
        String who = e.userName() == null || e.userName().isEmpty() ? "someone" : Printable.of(e.userName());
        List<String> ids = new ArrayList<>();
        if (e.accessKeyId() != null && !e.accessKeyId().isEmpty()) {
            ids.add(Printable.of(e.accessKeyId()));
        }
        if (e.principal() != null) {
            ids.add(switch (e.identityType() == null ? "" : e.identityType()) {
                        case "assumed-role" -> "role ";
                        case "ram-user" -> "RAM user ";
                        case "root-account" -> "account ";
                        default -> "";
                    }
                    + Printable.of(e.principal()));
        }
        return who + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")") + " called "
                + Printable.of(e.eventName())
                + " at " + e.eventTime()
                + (e.sourceIp() == null || e.sourceIp().isEmpty() ? "" : " from " + Printable.of(e.sourceIp()))
                + (sharedIdentityValueRead(e) && e.principal() != null
                        ? " (" + SHARED + Printable.of(e.userAgent())
                                + "\" is not kmsmig's: another program signs with kmsmig's credentials; give it its own)"
                        : "");
    }
}
