package io.kmsmig.emulator.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One region: its KMS instances and its secrets by name (names are region-unique, reference §12.4). */
public final class Region {
    private final String id;
    final List<KmsInstance> instances = new ArrayList<>();
    final Map<String, Secret> secrets = new TreeMap<>();
    final Map<String, Map<String, String>> keyTags = new TreeMap<>();

    private final WorldChanges changes;

    Region(String id, WorldChanges changes) {
        this.id = id;
        this.changes = changes;
    }

    /** Notes that a write changed (or created, or removed) the secret {@code name}: the world log records its new state. */
    void touch(String name) {
        changes.touch(id, name);
    }

    public String id() {
        return id;
    }

    public List<KmsInstance> instances() {
        return List.copyOf(instances);
    }

    public Optional<KmsInstance> instance(String instanceId) {
        return instances.stream().filter(i -> i.id().equals(instanceId)).findFirst();
    }

    /** The key with this id or ARN, and the instance that holds it. */
    public Optional<Map.Entry<KmsInstance, KeyInfo>> key(String keyIdOrArn) {
        String id = keyIdOrArn.contains(":key/") ? keyIdOrArn.substring(keyIdOrArn.indexOf(":key/") + 5) : keyIdOrArn;
        for (KmsInstance i : instances) {
            for (KeyInfo k : i.keys()) {
                if (k.id().equals(id)) {
                    return Optional.of(Map.entry(i, k));
                }
            }
        }
        return Optional.empty();
    }

    /** Secrets by name, including those pending deletion. */
    public List<Secret> secrets() {
        return List.copyOf(secrets.values());
    }

    public Optional<Secret> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }
}
