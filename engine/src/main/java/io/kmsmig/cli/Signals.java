package io.kmsmig.cli;

/**
 * Where Ctrl-C comes from: JVM shutdown hooks in production, a trigger in tests. {@link #onInterrupt} returns a
 * handle that removes the handler; the handler must return only once the interrupted work has saved its state.
 */
public interface Signals {
    AutoCloseable onInterrupt(Runnable handler);

    /** SIGINT/SIGTERM through a JVM shutdown hook. */
    Signals JVM = handler -> {
        Thread hook = new Thread(handler, "kmsmig-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running now; it returns once the work has saved its state
            }
        };
    };
}
