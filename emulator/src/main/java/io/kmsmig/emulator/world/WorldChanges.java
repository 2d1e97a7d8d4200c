package io.kmsmig.emulator.world;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The secrets written since the world log last recorded them, by region: each is logged with its whole new state
 * (or as removed). A write that replaces every secret (admin reset, replace) marks everything instead, which only a
 * new snapshot records. Filled under the world's write lock, drained by the group commit under its read lock.
 */
final class WorldChanges {
    @GuardedBy("this")
    private Map<String, Set<String>> touched = new TreeMap<>();

    @GuardedBy("this")
    private boolean everything;

    synchronized void touch(String region, String name) {
        touched.computeIfAbsent(region, r -> new TreeSet<>()).add(name);
    }

    synchronized void everything() {
        everything = true;
    }

    /** The touched names by region since the last drain, or null when everything changed. */
    synchronized Map<String, Set<String>> drain() {
        Map<String, Set<String>> out = everything ? null : touched;
        touched = new TreeMap<>();
        everything = false;
        return out;
    }
}
