package io.kmsmig.state;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state file's content. Immutable; changes make a new State with serial + 1.
 *
 * @param formatVersion state format version
 * @param lineage       UUID fixed when the state was created
 * @param serial        bumped on every change
 * @param specName      the spec's name
 * @param specSha256    SHA-256 of the spec file at the last change
 * @param updatedAt     when it last changed
 * @param secrets       by source name
 * @param lastApply     the last saved-plan apply, or null
 */
public record State(
        int formatVersion,
        String lineage,
        long serial,
        String specName,
        String specSha256,
        Instant updatedAt,
        Map<String, SecretState> secrets,
        ApplyRecord lastApply) {
    public static final int FORMAT_VERSION = 1;

    public State {
        secrets = Collections.unmodifiableSortedMap(new TreeMap<>(secrets));
    }

    /** A state that does not exist on disk yet: no lineage, serial 0. */
    public static State empty(String specName) {
        return new State(FORMAT_VERSION, null, 0, specName, null, null, Map.of(), null);
    }

    public boolean exists() {
        return lineage != null;
    }

    public Optional<SecretState> secret(String sourceName) {
        return Optional.ofNullable(secrets.get(sourceName));
    }
}
