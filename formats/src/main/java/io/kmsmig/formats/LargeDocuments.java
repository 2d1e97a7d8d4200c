package io.kmsmig.formats;

import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the large files kmsmig writes itself (plans, state, the sandbox world's data file): JSON, tens of MB at
 * 10,000 secrets. {@link YamlReader} keeps a snakeyaml node and a position for every value, which takes about
 * 40 times the file's size (2 GB of heap for a 24 MB plan); a strict JSON parser builds only the tree, and the
 * positions are found with {@link YamlReader} only if asked for, that is when the document has a problem.
 *
 * <p>The JSON parse is strict (duplicate keys, trailing content and nesting near the limit all fail it), and any
 * input it refuses, YAML included, is read by {@link YamlReader} (or, for {@link #readJson}, {@link JsonReader})
 * instead, so what is accepted and every error message stay those of that reader. JSON has no aliases, so the node limit (an alias-expansion guard) is
 * bounded by the byte limit here.
 */
public final class LargeDocuments {
    private LargeDocuments() {}

    /** Parses {@code bytes} like {@code new YamlReader(limits).read(bytes)}, with less memory for JSON. */
    public static ParsedDocument read(YamlReader.Limits limits, byte[] bytes) {
        if (bytes.length > limits.maxBytes() || !looksLikeJsonObject(bytes)) {
            return new YamlReader(limits).read(bytes);
        }
        JsonNode root;
        try {
            root = mapper(limits).readTree(bytes);
        } catch (JacksonException e) {
            return new YamlReader(limits).read(bytes);
        }
        if (root == null || !root.isObject()) {
            return new YamlReader(limits).read(bytes);
        }
        return new ParsedDocument(root, () -> new YamlReader(limits).read(bytes));
    }

    /**
     * Parses JSON that Jackson wrote (a persisted sandbox world) like {@code new JsonReader(limits).read(bytes)}, with
     * less memory: {@link JsonReader} keeps a position for every value, a few hundred MB for a 40 MB world.
     */
    public static ParsedDocument readJson(YamlReader.Limits limits, byte[] bytes) {
        if (bytes.length > limits.maxBytes()) {
            return new JsonReader(limits).read(bytes);
        }
        JsonNode root;
        try {
            root = mapper(limits).readTree(bytes);
        } catch (JacksonException e) {
            return new JsonReader(limits).read(bytes);
        }
        if (root == null) {
            return new JsonReader(limits).read(bytes);
        }
        return new ParsedDocument(root, () -> new JsonReader(limits).read(bytes));
    }

    /**
     * {@link #readJson(YamlReader.Limits, byte[])} for a JSON object one of whose top-level fields, {@code streamed},
     * is a long array (the sandbox world's ActionTrail events): its elements go to {@code onElement} one at a time,
     * in order, and the tree holds an empty array in its place, so the heap never holds a tree of all of them. The
     * document is checked whole first (a parse that builds nothing), so {@code onElement} sees elements only of a
     * document that is accepted; a document that fails the check is read by {@link JsonReader} for its error.
     */
    public static ParsedDocument readJson(
            YamlReader.Limits limits, byte[] bytes, String streamed, Consumer<JsonNode> onElement) {
        JsonMapper mapper = mapper(limits, false);
        try (JsonParser check = mapper.createParser(bytes)) {
            if (bytes.length > limits.maxBytes() || check.nextToken() != JsonToken.START_OBJECT) {
                return readJson(limits, bytes);
            }
            check.skipChildren();
            if (check.nextToken() != null) {
                return readJson(limits, bytes);
            }
        } catch (JacksonException e) {
            return readJson(limits, bytes);
        }
        ObjectNode root = mapper.createObjectNode();
        try (JsonParser p = mapper.createParser(bytes)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals(streamed) && value == JsonToken.START_ARRAY) {
                    root.putArray(name);
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        onElement.accept(mapper.readTree(p));
                    }
                } else {
                    root.set(name, mapper.readTree(p));
                }
            }
        }
        return new ParsedDocument(root, () -> new JsonReader(limits).read(bytes));
    }

    private static boolean looksLikeJsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    private static JsonMapper mapper(YamlReader.Limits limits) {
        return mapper(limits, true);
    }

    /** {@code wholeInput}: the value read must be all of the input (false to read values one by one from a parser). */
    private static JsonMapper mapper(YamlReader.Limits limits, boolean wholeInput) {
        // Nesting: one level stricter than the readers' own bound, so whatever is near it is read, and judged, by them.
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() - 1)
                        .maxStringLength(limits.maxBytes())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(factory)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, wholeInput)
                .build();
    }
}
