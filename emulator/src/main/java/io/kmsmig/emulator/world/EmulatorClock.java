package io.kmsmig.emulator.world;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's clock: a base clock plus an offset that tests (and the admin API) can advance, so recovery
 * windows expire without waiting.
 */
public final class EmulatorClock extends Clock {
    /** The largest offset either way: a century, beyond any skew a test plays and far from Instant's limits. */
    public static final Duration MAX_OFFSET = Duration.ofDays(36_525);

    private final Clock base;
    private final AtomicLong offsetMillis = new AtomicLong();

    public EmulatorClock(Clock base) {
        this.base = base;
    }

    public static EmulatorClock system() {
        return new EmulatorClock(Clock.systemUTC());
    }

    /** Moves time forward by {@code d} (never backwards). */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        setOffset(offset().plus(within(d)));
    }

    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }

    public void setOffset(Duration d) {
        offsetMillis.set(within(d).toMillis());
    }

    /** {@code d} when it is within {@link #MAX_OFFSET} either way (so no time overflows); refused otherwise. */
    private static Duration within(Duration d) {
        if (d.compareTo(MAX_OFFSET) > 0 || d.compareTo(MAX_OFFSET.negated()) < 0) {
            throw new IllegalArgumentException(
                    "a clock offset is at most " + MAX_OFFSET.toSeconds() + " seconds (100 years) either way");
        }
        return d;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the emulator clock is UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    /**
     * The base clock's now, without the offset: the machine's clock, which SDK clients on this machine stamp their
     * requests with. The request-freshness check (Timestamp within 15 minutes) compares against this, not against
     * {@link #instant()}: the offset moves the emulator's own stamps (time travel, a skewed server), which a client's
     * Timestamp cannot follow.
     */
    public Instant machineInstant() {
        return base.instant();
    }

    /** Now, truncated to whole seconds as KMS timestamps are (reference §1.3). */
    public Instant nowSeconds() {
        return Instant.ofEpochSecond(instant().getEpochSecond());
    }
}
