package io.kmsmig.it;

import io.kmsmig.support.EmulatedCloud;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulator holding its answer to the {@code n}-th write from now, and to every later one, until released: the
 * instant a crash test kills kmsmig at (a child SIGKILLed, or the files and world copied in this JVM). A held write
 * is already applied in the world; kmsmig has not heard back, so it has recorded nothing after it. {@link #close}
 * fails the test when the n-th write was reached but no write was still held then (the hold lapsed after its 60 s, or
 * its thread was interrupted): the kill would have landed later than the test says, and every crash test still passes
 * on such a kill, since kmsmig recovers from any instant.
 */
final class WriteHold implements AutoCloseable {
    private final EmulatedCloud cloud;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();

    private WriteHold(EmulatedCloud cloud) {
        this.cloud = cloud;
    }

    /** Holds from the {@code n}-th write after this call (1 = the next write). */
    static WriteHold from(EmulatedCloud cloud, long n) {
        WriteHold hold = new WriteHold(cloud);
        long base = cloud.emulator.calls().writes();
        cloud.emulator.onWriteApplied(w -> {
            if (w - base >= n) {
                hold.held.incrementAndGet(); // before reached: whoever sees it reached sees the write held
                hold.reached.countDown();
                try {
                    hold.release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    hold.held.decrementAndGet();
                }
            }
        });
        return hold;
    }

    /** Whether the n-th write was applied (and is held) within the time given. */
    boolean reached(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit);
    }

    /**
     * Stops holding: every held write answers, later ones are not held. Throws when the n-th write was reached but
     * none was held any more (see above): the instant the caller took was not the n-th write's.
     */
    @Override
    public void close() {
        boolean wasReached = reached.getCount() == 0;
        int stillHeld = held.get();
        cloud.emulator.onWriteApplied(w -> {});
        release.countDown();
        if (wasReached && stillHeld == 0) {
            throw new AssertionError("the held write answered before the kill (the hold lapsed or was interrupted):"
                    + " the kill did not land right after the write it names");
        }
    }
}
