package io.kmsmig.emulator.world;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * The world's persistence hook as a group commit: writers wait here one at a time, and the first stores what the
 * world changed up to then (the emulator: an append to the world log and one fsync), which covers every writer that
 * applied its write meanwhile; they return without storing.
 *
 * @param <T> the snapshot taken under the world's read lock and stored outside it
 */
public final class GroupCommit<T> implements LongConsumer {
    private final World world;
    private final Function<World, T> snapshot;
    private final Consumer<T> store;

    @GuardedBy("this")
    private long stored = -1;

    @GuardedBy("this")
    private long stores;

    /** Stores {@code snapshot(world)} with {@code store}; {@link World#onWrite} it to make answered writes durable. */
    public GroupCommit(World world, Function<World, T> snapshot, Consumer<T> store) {
        this.world = world;
        this.snapshot = snapshot;
        this.store = store;
    }

    /** Returns once the world as of {@code generation} or later is stored. */
    @Override
    public synchronized void accept(long generation) {
        if (stored >= generation) {
            return;
        }
        long[] covered = new long[1];
        T snap = world.read(w -> {
            covered[0] = w.generation();
            return snapshot.apply(w);
        });
        store.accept(snap);
        stored = covered[0];
        stores++;
    }

    /** Runs {@code action} while no store is in progress and none starts (a compaction, the last store at close). */
    public synchronized void exclusively(Runnable action) {
        action.run();
    }

    /** How many times the world was stored. */
    public synchronized long stores() {
        return stores;
    }
}
