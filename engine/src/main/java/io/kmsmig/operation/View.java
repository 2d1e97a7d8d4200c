package io.kmsmig.operation;

/** What every operation tells the user about the state it works on. */
public interface View {
    /** The state lock is held by another process, and this one waits for it: who holds it, said once. */
    void waitingForLock(String line);

    /** Something the state read skipped (a journal record a crash cut short), said before the operation goes on. */
    void stateWarning(String warning);
}
