package io.kmsmig.operation;

/**
 * Where Ctrl-C comes from. {@link #onInterrupt} returns a handle that removes the handler; the handler returns only
 * once the interrupted work has saved its state.
 */
@FunctionalInterface
public interface Interrupts {
    AutoCloseable onInterrupt(Runnable handler);
}
