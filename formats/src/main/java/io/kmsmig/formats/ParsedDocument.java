package io.kmsmig.formats;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A YAML or JSON document as a Jackson tree, with the position of every value and every mapping key.
 * Immutable once built by {@link YamlReader}.
 */
public final class ParsedDocument {
    private final JsonNode root;
    private final Map<String, Position> valuePositions;
    private final Map<String, Position> keyPositions;

    ParsedDocument(JsonNode root, Map<String, Position> valuePositions, Map<String, Position> keyPositions) {
        this.root = root;
        this.valuePositions = Map.copyOf(valuePositions);
        this.keyPositions = Map.copyOf(keyPositions);
    }

    /** The document's root value. */
    public JsonNode root() {
        return root;
    }

    /**
     * Where the value at {@code pointer} starts. A pointer to something absent (a missing required field)
     * falls back to its nearest present ancestor, so every problem can be placed.
     */
    public Position positionOf(String pointer) {
        String p = pointer;
        while (true) {
            Position pos = valuePositions.get(p);
            if (pos != null) {
                return pos;
            }
            if (p.isEmpty()) {
                return new Position(1, 1);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** Where the key of the member at {@code pointer} starts, or the value position when it has no key. */
    public Position keyPositionOf(String pointer) {
        Position pos = keyPositions.get(pointer);
        return pos != null ? pos : positionOf(pointer);
    }
}
