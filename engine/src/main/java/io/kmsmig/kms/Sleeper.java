package io.kmsmig.kms;

import java.time.Duration;

/** Waiting, injected so tests control time instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
