package io.kmsmig.formats;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads JSON exactly as RFC 8259 defines it (Jackson's streaming parser, no leniency) into a {@link ParsedDocument}
 * with positions. For files kmsmig writes itself with Jackson, such as the persisted sandbox world: every string
 * Jackson writes (C0/C1 controls, U+2028, astral characters, lone surrogates as escapes) reads back unchanged,
 * whereas a YAML reader refuses some characters JSON allows (YAML 1.2 §5.1: no raw C1 controls). Hand-written
 * inputs keep {@link YamlReader}.
 */
public final class JsonReader {
    private final YamlReader.Limits limits;
    private final JsonMapper mapper;

    public JsonReader(YamlReader.Limits limits) {
        this.limits = limits;
        // The depth check below gives a located message; Jackson's own bound is a backstop one level deeper.
        this.mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.maxDepth() + 2)
                                .maxStringLength(limits.maxBytes())
                                .build())
                        .build())
                .build();
    }

    /** Parses {@code bytes} (UTF-8 JSON, one value); throws {@link FormatException} naming the line and column. */
    public ParsedDocument read(byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            throw new FormatException(new Problem(
                    "",
                    null,
                    "the file is " + bytes.length + " bytes; the limit is " + limits.maxBytes()
                            + ". Is this the right file?"));
        }
        Builder b = new Builder();
        try (JsonParser p = mapper.createParser(bytes)) {
            if (p.nextToken() == null) {
                throw new FormatException(
                        new Problem("", new Position(1, 1), "the file is empty; expected a JSON object"));
            }
            JsonNode root = b.value(p, "", 0);
            if (p.nextToken() != null) {
                throw new FormatException(new Problem("", b.position(p), "unexpected content after the JSON value"));
            }
            if (!b.problems.isEmpty()) {
                throw new FormatException(b.problems);
            }
            return new ParsedDocument(root, b.valuePositions, b.keyPositions);
        } catch (StreamReadException e) {
            TokenStreamLocation loc = e.getLocation();
            Position pos = loc == null || loc.getLineNr() < 1
                    ? null
                    : new Position(loc.getLineNr(), Math.max(1, loc.getColumnNr()));
            throw new FormatException(new Problem("", pos, "not valid JSON: " + oneLine(e.getOriginalMessage())));
        } catch (JacksonException e) {
            throw new FormatException(new Problem("", null, "not valid JSON: " + oneLine(e.getOriginalMessage())));
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    private final class Builder {
        final JsonNodeFactory f = JsonNodeFactory.instance;
        final Map<String, Position> valuePositions = new HashMap<>();
        final Map<String, Position> keyPositions = new HashMap<>();
        final List<Problem> problems = new ArrayList<>();
        int nodes;

        Position position(JsonParser p) {
            TokenStreamLocation loc = p.currentTokenLocation();
            return new Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
        }

        /** The value whose first token is current. */
        JsonNode value(JsonParser p, String pointer, int depth) {
            Position pos = position(p);
            valuePositions.putIfAbsent(pointer, pos);
            if (++nodes > limits.maxNodes()) {
                throw new FormatException(
                        new Problem(pointer, pos, "the document has more than " + limits.maxNodes() + " values"));
            }
            JsonToken t = p.currentToken();
            boolean collection = t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY;
            if (depth > limits.maxDepth() || (depth == limits.maxDepth() && collection)) {
                throw new FormatException(YamlReader.tooDeep(pointer, pos, limits.maxDepth()));
            }
            return switch (t) {
                case START_OBJECT -> object(p, pointer, depth);
                case START_ARRAY -> {
                    ArrayNode arr = f.arrayNode();
                    int i = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        arr.add(value(p, JsonPointers.child(pointer, i++), depth + 1));
                    }
                    yield arr;
                }
                case VALUE_STRING -> f.stringNode(p.getString());
                case VALUE_NUMBER_INT ->
                    p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? f.numberNode(p.getBigIntegerValue())
                            : f.numberNode(p.getLongValue());
                case VALUE_NUMBER_FLOAT -> f.numberNode(p.getDoubleValue());
                case VALUE_TRUE -> f.booleanNode(true);
                case VALUE_FALSE -> f.booleanNode(false);
                case VALUE_NULL -> f.nullNode();
                default -> throw new FormatException(new Problem(pointer, pos, "unexpected JSON token " + t));
            };
        }

        private ObjectNode object(JsonParser p, String pointer, int depth) {
            ObjectNode obj = f.objectNode();
            Map<String, Position> seen = new HashMap<>();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String key = p.currentName();
                Position keyPos = position(p);
                String child = JsonPointers.child(pointer, key);
                p.nextToken();
                Position first = seen.putIfAbsent(key, keyPos);
                if (first != null) {
                    problems.add(new Problem(
                            child,
                            keyPos,
                            "duplicate key '" + key + "' (first defined at line " + first.line()
                                    + "); remove one of them"));
                    p.skipChildren();
                    continue;
                }
                keyPositions.put(child, keyPos);
                obj.set(key, value(p, child, depth + 1));
            }
            return obj;
        }
    }
}
