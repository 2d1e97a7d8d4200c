package io.kmsmig.formats;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * A YAML or JSON document as a Jackson tree, with the position of every value and every mapping key.
 * Immutable once built by {@link YamlReader}, or by {@link LargeDocuments} for a large JSON file, whose positions
 * are found only when first asked for (only a document with a problem needs them).
 */
public final class ParsedDocument {
    private final JsonNode root;
    private final Map<String, Position> valuePositions;
    private final Map<String, Position> keyPositions;
    private final Supplier<ParsedDocument> located;

    @GuardedBy("this")
    private ParsedDocument locatedDocument;

    ParsedDocument(JsonNode root, Map<String, Position> valuePositions, Map<String, Position> keyPositions) {
        this.root = root;
        this.valuePositions = Map.copyOf(valuePositions);
        this.keyPositions = Map.copyOf(keyPositions);
        this.located = null;
    }

    /** A document whose positions come from {@code located}, a parse of the same bytes that keeps them. */
    ParsedDocument(JsonNode root, Supplier<ParsedDocument> located) {
        this.root = root;
        this.valuePositions = Map.of();
        this.keyPositions = Map.of();
        this.located = located;
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
        if (located != null) {
            return located().positionOf(pointer);
        }
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
        if (located != null) {
            return located().keyPositionOf(pointer);
        }
        Position pos = keyPositions.get(pointer);
        return pos != null ? pos : positionOf(pointer);
    }

    private synchronized ParsedDocument located() {
        if (locatedDocument == null) {
            locatedDocument = located.get();
        }
        return locatedDocument;
    }
}
