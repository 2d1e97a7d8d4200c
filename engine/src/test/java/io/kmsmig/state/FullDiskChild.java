package io.kmsmig.state;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What {@link FullDiskIT} runs in a child JVM whose file size limit stands for a full disk ({@code ulimit -f}: a
 * write that crosses it writes what fits and returns a short count, the next one fails, as on a full disk).
 * {@code journal DIR}: records secrets s0, s1, ... each synced, printing {@code ACK name} once {@code record}
 * returned (what apply takes as "on disk" before its KMS call). {@code compact DIR}: folds DIR's journal into its
 * state. Either prints {@code FAILED} and the message when kmsmig reports the failure.
 */
public final class FullDiskChild {
    private FullDiskChild() {}

    public static void main(String[] args) {
        StateStore store = new StateStore(Path.of(args[1], "state.json"), Clock.systemUTC());
        try {
            if (args[0].equals("journal")) {
                Journal j = store.openJournal(State.empty("m"), "a".repeat(64));
                for (int i = 0; i < 1000; i++) {
                    j.record(TornJournalTest.secret("s" + i, SecretStatus.MIGRATED), true);
                    System.out.println("ACK s" + i);
                    System.out.flush();
                }
            } else {
                store.openJournal(store.load("m"), "a".repeat(64)).compact();
                System.out.println("COMPACTED");
            }
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }
}
