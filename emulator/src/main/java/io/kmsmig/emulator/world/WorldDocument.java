package io.kmsmig.emulator.world;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A world file as loaded: the world itself, plus the sections other packages own (faults, ActionTrail events),
 * kept as JSON for them to read, and the persisted clock offset.
 *
 * @param logEpoch the snapshot's logEpoch (0 for a seed world): the {@link WorldLog} that continues it
 * @param replay   what was read from that log (stale and empty for a world read without one)
 */
public record WorldDocument(
        World world, JsonNode faults, JsonNode events, Duration clockOffset, long logEpoch, WorldLog.Replay replay) {}
