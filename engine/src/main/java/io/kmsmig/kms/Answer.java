package io.kmsmig.kms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A KMS answer body as Jackson read it ({@link StrictCall}): flat fields, lists wrapped in an object keyed by the
 * singular name (kms-openapi.md §1.3, §1.4). Strings come back exactly as sent, every code point included.
 */
record Answer(ObjectNode body) {

    /** A field as text: strings verbatim, numbers and booleans as written (the SDK stored them as strings too). */
    String text(String name) {
        return text(body, name);
    }

    /** A field that is a JSON string, verbatim; null when absent or of another JSON type. */
    String string(String name) {
        JsonNode n = body.get(name);
        return n != null && n.isString() ? n.asString() : null;
    }

    Integer integer(String name) {
        String v = text(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A nested object such as {@code KeyMetadata}; empty when absent. */
    Answer object(String name) {
        JsonNode n = body.get(name);
        return new Answer(n instanceof ObjectNode o ? o : body.objectNode());
    }

    /** The elements of {@code {"Plural":{"Singular":[...]}}} that are objects (§1.4); a bare array is read too. */
    List<Answer> objects(String plural, String singular) {
        List<Answer> out = new ArrayList<>();
        for (JsonNode n : elements(body, plural, singular)) {
            if (n instanceof ObjectNode o) {
                out.add(new Answer(o));
            }
        }
        return out;
    }

    /** The strings of {@code {"Plural":{"Singular":[...]}}} (§1.4). */
    List<String> strings(String plural, String singular) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : elements(body, plural, singular)) {
            if (n.isValueNode() && !n.isNull()) {
                out.add(n.asString());
            }
        }
        return out;
    }

    /** {@code Tags.Tag[].{TagKey,TagValue}} in answer order. */
    Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (Answer t : objects("Tags", "Tag")) {
            String key = t.text("TagKey");
            if (key != null) {
                tags.put(key, t.text("TagValue"));
            }
        }
        return tags;
    }

    private static String text(ObjectNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asString() : n.toString();
    }

    private static Iterable<JsonNode> elements(ObjectNode o, String plural, String singular) {
        JsonNode outer = o.get(plural);
        if (outer == null) {
            return List.of();
        }
        JsonNode inner = outer.isArray() ? outer : outer.get(singular);
        if (inner == null) {
            return List.of();
        }
        return inner.isArray() ? inner : List.of(inner);
    }
}
