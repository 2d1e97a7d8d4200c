package io.kmsmig.snapshot;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the destination region holds under the mapped names. A name absent from the map does not exist there.
 *
 * @param byName destination name to its snapshot
 */
public record DestinationSnapshot(Map<String, SecretSnapshot> byName) {
    public DestinationSnapshot {
        byName = Collections.unmodifiableSortedMap(new TreeMap<>(byName));
    }

    public Optional<SecretSnapshot> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }
}
