package io.kmsmig.emulator.world;

import io.kmsmig.formats.PrivateFiles;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A whole world as the data file holds it, taken under the world's lock and written outside it, one secret and one
 * event at a time: the file is tens of MB at 10,000 secrets, and a tree of all of it would take several times that
 * of heap. The bytes are those of {@link WorldFile#persistedBytes} for {@link WorldFile#toJson} of the same world.
 *
 * @param <E> an ActionTrail event, turned into its persisted JSON only while it is written
 */
public final class WorldSnapshot<E> {
    private static final JsonMapper PERSIST =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private final ObjectNode skeleton;
    private final Map<String, List<Secret>> secrets;
    private final List<E> events;
    private final Function<E, JsonNode> eventJson;

    private WorldSnapshot(
            ObjectNode skeleton, Map<String, List<Secret>> secrets, List<E> events, Function<E, JsonNode> eventJson) {
        this.skeleton = skeleton;
        this.secrets = secrets;
        this.events = events;
        this.eventJson = eventJson;
    }

    /** Takes the world as it is now, continued by the log of {@code logEpoch}. Call under the world's lock. */
    public static <E> WorldSnapshot<E> take(
            World w, JsonNode faults, List<E> events, Function<E, JsonNode> eventJson, long logEpoch) {
        Map<String, List<Secret>> secrets = w.copySecrets();
        // toJson of a world with no secrets and no events: the small rest of the file, in the file's key order
        ObjectNode skeleton = WorldFile.toJson(w, faults, null, logEpoch, false);
        return new WorldSnapshot<>(skeleton, secrets, events, eventJson);
    }

    /** Writes the snapshot to {@code file} atomically (temp file, fsync, rename), owner-only. */
    public void write(Path file) {
        try {
            PrivateFiles.writeAtomically(file, ch -> {
                OutputStream out =
                        new FilterOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                            @Override
                            public void close() throws IOException {
                                flush(); // the channel is PrivateFiles', which fsyncs and closes it
                            }
                        };
                try (JsonGenerator g = PERSIST.writerWithDefaultPrettyPrinter().createGenerator(out)) {
                    writeRoot(g);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the emulator world to " + file, e);
        }
    }

    private void writeRoot(JsonGenerator g) {
        g.writeStartObject();
        for (var field : skeleton.properties()) {
            if (field.getKey().equals("logEpoch")) {
                g.writeName("events");
                writeEvents(g);
            }
            g.writeName(field.getKey());
            if (field.getKey().equals("regions")) {
                writeRegions(g, (ObjectNode) field.getValue());
            } else {
                g.writeTree(field.getValue());
            }
        }
        g.writeEndObject();
    }

    private void writeRegions(JsonGenerator g, ObjectNode regions) {
        g.writeStartObject();
        for (var r : regions.properties()) {
            g.writeName(r.getKey());
            g.writeStartObject();
            g.writeName("kmsInstances");
            g.writeTree(r.getValue().get("kmsInstances"));
            g.writeName("secrets");
            g.writeStartArray();
            for (Secret s : secrets.getOrDefault(r.getKey(), List.of())) {
                g.writeTree(WorldFile.secretJson(s));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeEvents(JsonGenerator g) {
        g.writeStartArray();
        for (E e : events) {
            g.writeTree(eventJson.apply(e));
        }
        g.writeEndArray();
    }
}
