package io.kmsmig.it;

import io.kmsmig.support.EmulatedCloud;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The emulator holding its answer to the {@code n}-th write from now, and to every later one, until released: the
 * instant a crash test kills kmsmig at (a child SIGKILLed, or the files and world copied in this JVM). A held write
 * is already applied in the world; kmsmig has not heard back, so it has recorded nothing after it.
 */
final class WriteHold implements AutoCloseable {
    private final EmulatedCloud cloud;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    private WriteHold(EmulatedCloud cloud) {
        this.cloud = cloud;
    }

    /** Holds from the {@code n}-th write after this call (1 = the next write). */
    static WriteHold from(EmulatedCloud cloud, long n) {
        WriteHold hold = new WriteHold(cloud);
        long base = cloud.emulator.calls().writes();
        cloud.emulator.onWriteApplied(w -> {
            if (w - base >= n) {
                hold.reached.countDown();
                try {
                    hold.release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        return hold;
    }

    /** Whether the n-th write was applied (and is held) within the time given. */
    boolean reached(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit);
    }

    /** Stops holding: every held write answers, later ones are not held. */
    @Override
    public void close() {
        cloud.emulator.onWriteApplied(w -> {});
        release.countDown();
    }
}
