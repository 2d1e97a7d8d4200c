package io.kmsmig.emulator.world;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A world file as loaded: the world itself, plus the sections other packages own (faults, ActionTrail events),
 * kept as JSON for them to read, and the persisted clock offset.
 */
public record WorldDocument(World world, JsonNode faults, JsonNode events, Duration clockOffset) {
}
