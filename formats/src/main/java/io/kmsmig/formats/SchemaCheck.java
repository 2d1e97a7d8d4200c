package io.kmsmig.formats;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that talks to the networknt JSON Schema validator. Loads a schema from {@code /schemas/} on the
 * classpath (the repository's {@code schemas/} folder) and turns the validator's findings into {@link Problem}s
 * that name the field, its position, and what is expected (the schema's own {@code description}).
 */
public final class SchemaCheck {
    private static final Map<String, SchemaCheck> CACHE = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Schema schema;
    private final JsonNode schemaRoot;

    private SchemaCheck(String text) {
        this.schemaRoot = JSON.readTree(text);
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(text);
    }

    /** The schema with this file name, e.g. {@code migration-spec.v1.schema.json}; loaded once per JVM. */
    public static SchemaCheck of(String fileName) {
        return CACHE.computeIfAbsent(fileName, SchemaCheck::load);
    }

    private static SchemaCheck load(String fileName) {
        try (InputStream in = SchemaCheck.class.getResourceAsStream("/schemas/" + fileName)) {
            if (in == null) {
                throw new IllegalStateException("schema not on the classpath: /schemas/" + fileName);
            }
            return new SchemaCheck(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema document itself, for callers that want property descriptions. */
    public JsonNode schemaRoot() {
        return schemaRoot;
    }

    /** Every problem in {@code doc}, in file order; empty when it conforms. */
    public List<Problem> validate(ParsedDocument doc) {
        List<Error> errors = schema.validate(doc.root());
        Map<String, String> renames = renames(errors);
        Set<Problem> out = new LinkedHashSet<>();
        for (Error e : errors) {
            Problem p = toProblem(e, doc, renames);
            if (p != null) {
                out.add(p);
            }
        }
        List<Problem> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparing(
                        (Problem p) -> p.position() == null ? 0 : p.position().line())
                .thenComparing(p -> p.position() == null ? 0 : p.position().column())
                .thenComparing(Problem::pointer)
                .thenComparing(Problem::message));
        return sorted;
    }

    /**
     * A required field spelled wrong is both missing and unknown; people should read one problem, the rename.
     * Pairs, within one mapping, each unknown field with the nearest missing required one. Both directions are in
     * the result: the unknown field's pointer to the required name, and the missing field's pointer to "".
     */
    private static Map<String, String> renames(List<Error> errors) {
        Map<String, List<String>> missing = new TreeMap<>();
        Map<String, List<String>> unknown = new TreeMap<>();
        for (Error e : errors) {
            String keyword = e.getKeyword() == null ? "" : e.getKeyword();
            String parent = pointerOf(e.getInstanceLocation());
            if (keyword.equals("required")) {
                missing.computeIfAbsent(parent, k -> new ArrayList<>()).add(e.getProperty());
            } else if (keyword.equals("additionalProperties") || keyword.equals("unevaluatedProperties")) {
                unknown.computeIfAbsent(parent, k -> new ArrayList<>()).add(e.getProperty());
            }
        }
        Map<String, String> out = new HashMap<>();
        unknown.forEach((parent, typed) -> {
            List<String> open = new ArrayList<>(missing.getOrDefault(parent, List.of()));
            for (String u : typed.stream().sorted().toList()) {
                List<String> near = Closest.among(u, open, 1);
                if (!near.isEmpty()) {
                    open.remove(near.get(0));
                    out.put(JsonPointers.child(parent, u), near.get(0));
                    out.put(JsonPointers.child(parent, near.get(0)), "");
                }
            }
        });
        return out;
    }

    private Problem toProblem(Error e, ParsedDocument doc, Map<String, String> renames) {
        String pointer = pointerOf(e.getInstanceLocation());
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        JsonNode schemaNode = schemaAt(e);
        switch (keyword) {
            case "required": {
                String prop = e.getProperty();
                String child = JsonPointers.child(pointer, prop);
                if (renames.containsKey(child)) {
                    return null; // reported as the rename, at the misspelt key
                }
                return new Problem(
                        child,
                        doc.positionOf(pointer),
                        "missing required field '" + prop + "'" + hint(propertySchema(schemaNode, prop)));
            }
            case "additionalProperties":
            case "unevaluatedProperties": {
                String prop = e.getProperty();
                String child = JsonPointers.child(pointer, prop);
                if (renames.containsKey(child)) {
                    return new Problem(
                            child,
                            doc.keyPositionOf(child),
                            "unknown field '" + prop + "'; did you mean '" + renames.get(child) + "' (required)?");
                }
                return new Problem(
                        child, doc.keyPositionOf(child), "unknown field '" + prop + "'" + suggestion(prop, schemaNode));
            }
            case "type": {
                JsonNode actual = doc.root().at(pointer);
                return new Problem(
                        pointer,
                        doc.positionOf(pointer),
                        "expected " + describeType(schemaNode.get("type")) + ", found " + describeValue(actual)
                                + hint(schemaNode));
            }
            case "enum": {
                List<String> values = new ArrayList<>();
                schemaNode.get("enum").forEach(v -> values.add(v.isString() ? v.asString() : v.toString()));
                JsonNode found = doc.root().at(pointer);
                List<String> near = found.isString() ? Closest.among(found.asString(), values, 1) : List.of();
                return new Problem(
                        pointer,
                        doc.positionOf(pointer),
                        "must be one of: " + String.join(", ", values)
                                + " (found " + describeValue(found) + ")"
                                + (near.isEmpty() ? "" : "; did you mean '" + near.get(0) + "'?"));
            }
            case "const":
                return new Problem(
                        pointer,
                        doc.positionOf(pointer),
                        "must be " + schemaNode.get("const") + " (found "
                                + describeValue(doc.root().at(pointer)) + ")");
            case "pattern":
                return new Problem(
                        pointer,
                        doc.positionOf(pointer),
                        "'" + abbreviate(doc.root().at(pointer).asString()) + "' is not valid" + hint(schemaNode));
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum":
                return new Problem(
                        pointer,
                        doc.positionOf(pointer),
                        "value " + doc.root().at(pointer) + " is out of range " + range(schemaNode) + hint(schemaNode));
            case "minItems":
                if (doc.root().at(pointer).isEmpty()) {
                    // The description says why a list may not be empty and what to write instead.
                    return new Problem(
                            pointer,
                            doc.positionOf(pointer),
                            "must not be an empty list" + sentenceAbout(schemaNode, "empty", hint(schemaNode)));
                }
                return new Problem(pointer, doc.positionOf(pointer), cleanMessage(e) + hint(schemaNode));
            case "minLength":
            case "maxLength":
            case "maxItems":
            case "minProperties":
            case "maxProperties":
                return new Problem(pointer, doc.positionOf(pointer), cleanMessage(e) + hint(schemaNode));
            default:
                return new Problem(pointer, doc.positionOf(pointer), cleanMessage(e));
        }
    }

    private static String pointerOf(NodePath path) {
        String pointer = "";
        for (int i = 0; i < path.getNameCount(); i++) {
            Object el = path.getElement(i);
            pointer = el instanceof Integer n
                    ? JsonPointers.child(pointer, n)
                    : JsonPointers.child(pointer, String.valueOf(el));
        }
        return pointer;
    }

    /** The schema object that holds the failing keyword (the keyword's parent in the schema document). */
    private JsonNode schemaAt(Error e) {
        String loc = e.getSchemaLocation() == null ? "" : e.getSchemaLocation().toString();
        int hash = loc.indexOf('#');
        String fragment = hash >= 0 ? loc.substring(hash + 1) : "";
        JsonNode node = schemaRoot.at(fragment);
        if (fragment.endsWith("/" + e.getKeyword())) {
            node = schemaRoot.at(
                    fragment.substring(0, fragment.length() - e.getKeyword().length() - 1));
        }
        return node.isMissingNode() ? JSON.createObjectNode() : node;
    }

    private JsonNode propertySchema(JsonNode objectSchema, String prop) {
        JsonNode p = objectSchema.path("properties").path(prop);
        JsonNode ref = p.path("$ref");
        if (ref.isString() && ref.asString().startsWith("#")) {
            return schemaRoot.at(ref.asString().substring(1));
        }
        return p;
    }

    private static String hint(JsonNode schemaNode) {
        JsonNode d = schemaNode == null ? null : schemaNode.get("description");
        return d != null && d.isString() ? ". Expected: " + firstSentence(d.asString()) : "";
    }

    /** ": " and the description's sentence that mentions {@code word}, or {@code otherwise}. */
    private static String sentenceAbout(JsonNode schemaNode, String word, String otherwise) {
        JsonNode d = schemaNode == null ? null : schemaNode.get("description");
        if (d == null || !d.isString()) {
            return otherwise;
        }
        for (String sentence : d.asString().split("(?<=\\.) ")) {
            if (sentence.contains(word)) {
                return ": " + (sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence);
            }
        }
        return otherwise;
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        String first = dot > 0 ? s.substring(0, dot) : s;
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static String suggestion(String prop, JsonNode objectSchema) {
        TreeSet<String> allowed = new TreeSet<>();
        for (Iterator<String> it =
                        objectSchema.path("properties").propertyNames().iterator();
                it.hasNext(); ) {
            allowed.add(it.next());
        }
        List<String> near = Closest.among(prop, allowed, 1);
        if (!near.isEmpty()) {
            return "; did you mean '" + near.get(0) + "'?";
        }
        return allowed.isEmpty() ? "" : "; allowed here: " + String.join(", ", allowed);
    }

    private static String describeType(JsonNode type) {
        if (type == null) {
            return "another type";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(article(t.asString())));
            return String.join(" or ", names);
        }
        return article(type.asString());
    }

    private static String article(String type) {
        switch (type) {
            case "object":
                return "a mapping";
            case "array":
                return "a list";
            case "string":
                return "a string";
            case "integer":
                return "a whole number";
            case "number":
                return "a number";
            case "boolean":
                return "true or false";
            case "null":
                return "null";
            default:
                return type;
        }
    }

    private static String describeValue(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isString()) {
            return "the string '" + abbreviate(v.asString()) + "'";
        }
        if (v.isBoolean()) {
            return v.asString();
        }
        if (v.isNull()) {
            return "null";
        }
        return "the number " + v;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    private static String range(JsonNode schemaNode) {
        String min = schemaNode.has("minimum") ? schemaNode.get("minimum").toString() : "-inf";
        String max = schemaNode.has("maximum") ? schemaNode.get("maximum").toString() : "inf";
        return min + ".." + max;
    }

    private static String cleanMessage(Error e) {
        String m = e.getMessage() == null ? "is not valid" : e.getMessage();
        int colon = m.startsWith("$") ? m.indexOf(": ") : -1;
        return colon > 0 ? m.substring(colon + 2) : m;
    }
}
