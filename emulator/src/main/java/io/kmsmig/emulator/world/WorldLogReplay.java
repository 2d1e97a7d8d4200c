package io.kmsmig.emulator.world;

import io.kmsmig.formats.FormatException;
import io.kmsmig.formats.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Applies a {@link WorldLog} to the snapshot it continues: the world as it was at the last answered write. */
final class WorldLogReplay {
    private WorldLogReplay() {}

    /** Replays {@code log} onto {@code snapshot}, passing each event record's event to {@code onEvent}. */
    static WorldDocument replay(WorldDocument snapshot, Path log, EmulatorClock clock, Consumer<JsonNode> onEvent) {
        World world = snapshot.world();
        JsonNode[] faults = {snapshot.faults()};
        Duration[] offset = {snapshot.clockOffset()};
        int[] n = {0};
        WorldLog.Replay r = WorldLog.read(log, snapshot.logEpoch(), rec -> {
            n[0]++;
            String where = log + " record " + n[0];
            if (rec.has("event")) {
                onEvent.accept(rec.get("event"));
            } else if (rec.has("meta")) {
                JsonNode m = rec.get("meta");
                world.setSemantics(WorldFile.semantics(m.path("semantics")));
                faults[0] = m.path("faults");
                offset[0] = Duration.ofSeconds(m.path("clockOffsetSeconds").asLong(0));
                clock.setOffset(offset[0]);
            } else if (rec.has("secret") || rec.has("removed")) {
                Region region;
                try {
                    region = world.region(rec.path("region").asString());
                } catch (KmsError e) {
                    throw new FormatException(new Problem("", null, where + ": no region " + rec.path("region")));
                }
                if (rec.has("removed")) {
                    region.secrets.remove(rec.get("removed").asString());
                } else {
                    Secret s = WorldFile.Builder.fromLog(rec.get("secret"), region, where);
                    region.secrets.put(s.name(), s);
                }
            } else {
                throw new FormatException(new Problem("", null, where + ": not a record this emulator writes"));
            }
        });
        return new WorldDocument(world, faults[0], snapshot.events(), offset[0], snapshot.logEpoch(), r);
    }
}
