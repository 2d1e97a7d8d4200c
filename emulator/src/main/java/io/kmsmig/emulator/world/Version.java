package io.kmsmig.emulator.world;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One secret version: immutable id, data and creation time; mutable stage labels. Guarded by the world lock. */
public final class Version {
    private final String id;
    private final Instant created;
    private final String data;
    private final String dataType;
    private final List<String> stages;

    public Version(String id, Instant created, String data, String dataType, List<String> stages) {
        this.id = id;
        this.created = created;
        this.data = data;
        this.dataType = dataType;
        this.stages = new ArrayList<>(stages);
    }

    public String id() {
        return id;
    }

    public Instant created() {
        return created;
    }

    public String data() {
        return data;
    }

    public String dataType() {
        return dataType;
    }

    /** Stage labels in the order they were attached; empty means deprecated (reference §8). */
    public List<String> stages() {
        return List.copyOf(stages);
    }

    boolean has(String stage) {
        return stages.contains(stage);
    }

    void add(String stage) {
        if (!stages.contains(stage)) {
            stages.add(stage);
        }
    }

    void remove(String stage) {
        stages.remove(stage);
    }

    /** This version as a backup restore recreates it: same id, data and stages, a new creation time. */
    Version restoredAt(Instant when) {
        return new Version(id, when, data, dataType, stages);
    }

    Version copy() {
        return new Version(id, created, data, dataType, stages);
    }
}
