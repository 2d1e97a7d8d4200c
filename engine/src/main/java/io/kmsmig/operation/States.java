package io.kmsmig.operation;

import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.StateStore;

/** Reading the state the one way operations do. */
final class States {
    private States() {}

    /**
     * Reads the state holding its lock (the one read of an operation), telling {@code view} about each torn journal
     * tail skipped, and drops those tails from the journal.
     */
    static State readHoldingLock(StateBackend backend, String specName, View view) {
        StateStore.Loaded loaded = backend.read(specName);
        loaded.warnings().forEach(view::stateWarning);
        if (!loaded.warnings().isEmpty()) {
            backend.dropTornRecords();
        }
        return loaded.state();
    }
}
