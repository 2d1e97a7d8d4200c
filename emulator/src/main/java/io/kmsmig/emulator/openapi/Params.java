package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.KmsError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decoded request parameters (query merged with a form body, query winning, sdk-wire-protocol.md §2.5) and typed
 * access that answers 400 MissingParameter / InvalidParameter for bad input, never 500.
 */
public final class Params {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Map<String, String> values;

    public Params(Map<String, String> values) {
        this.values = new TreeMap<>(values);
    }

    /** Parses {@code a=b&c=d} form encoding (a literal '+' always arrives as %2B, §2.3). */
    public static Map<String, String> parseForm(String raw, Map<String, String> into) {
        if (raw == null || raw.isEmpty()) {
            return into;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                into.putIfAbsent(
                        URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new KmsError(400, "InvalidParameter", "malformed percent-encoding in the request");
            }
        }
        return into;
    }

    public Map<String, String> all() {
        return values;
    }

    public String get(String name) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public String required(String name) {
        String v = get(name);
        if (v == null) {
            throw KmsError.missing(name);
        }
        return v;
    }

    /** A required value that may legitimately be empty (SecretData). */
    public String requiredAllowEmpty(String name) {
        String v = values.get(name);
        if (v == null) {
            throw KmsError.missing(name);
        }
        return v;
    }

    public boolean bool(String name, boolean dflt) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw KmsError.invalid(name, "true or false");
    }

    public Boolean boolOrNull(String name) {
        return get(name) == null ? null : bool(name, false);
    }

    public int integer(String name, int dflt, int min, int max) {
        String v = get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw KmsError.invalid(name, "between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw KmsError.invalid(name, "a whole number");
        }
    }

    public Integer integerOrNull(String name, int min, int max) {
        return get(name) == null ? null : integer(name, 0, min, max);
    }

    /** A parameter holding JSON text; malformed JSON is 400 InvalidParameter. */
    public JsonNode json(String name) {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            return JSON.readTree(v);
        } catch (JacksonException e) {
            throw KmsError.invalid(name, "not valid JSON");
        }
    }

    /** {@code Tags=[{"TagKey":"k","TagValue":"v"}]} (CreateSecret, TagResource; reference §3, §14). */
    public List<Map.Entry<String, String>> jsonTags(String name) {
        JsonNode j = json(name);
        if (j == null) {
            return null;
        }
        if (!j.isArray()) {
            throw KmsError.invalid(name, "a JSON array of {\"TagKey\",\"TagValue\"}");
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (JsonNode t : j) {
            if (!t.isObject()
                    || !t.path("TagKey").isString()
                    || !(t.path("TagValue").isString() || t.path("TagValue").isMissingNode())) {
                throw KmsError.invalid(name, "a JSON array of {\"TagKey\",\"TagValue\"}");
            }
            out.add(Map.entry(t.get("TagKey").asString(), t.path("TagValue").asString("")));
        }
        return out;
    }

    /** A JSON array of strings; also the 2021 object form {"VersionStage":[...]} (reference §8). */
    public List<String> jsonStrings(String name) {
        JsonNode j = json(name);
        if (j == null) {
            return null;
        }
        if (j.isObject() && j.size() == 1) {
            j = j.iterator().next();
        }
        if (!j.isArray()) {
            throw KmsError.invalid(name, "a JSON array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : j) {
            if (!s.isString() || s.asString().isEmpty()) {
                throw KmsError.invalid(name, "a JSON array of non-empty strings");
            }
            out.add(s.asString());
        }
        return out;
    }

    /** Indexed parameters {@code prefix.1}, {@code prefix.2}... in index order. */
    public List<String> indexed(String prefix) {
        Map<Integer, String> byIndex = new TreeMap<>();
        for (var e : values.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(prefix + ".") && k.substring(prefix.length() + 1).matches("[0-9]+")) {
                byIndex.put(Integer.parseInt(k.substring(prefix.length() + 1)), e.getValue());
            }
        }
        return new ArrayList<>(byIndex.values());
    }

    /** Indexed pairs {@code prefix.N.Key} / {@code prefix.N.Value} (TagResources, LookupAttribute). */
    public List<Map.Entry<String, String>> indexedPairs(String prefix) {
        Map<Integer, String[]> byIndex = new TreeMap<>();
        for (var e : values.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix + ".")) {
                continue;
            }
            String[] parts = k.substring(prefix.length() + 1).split("\\.");
            if (parts.length != 2 || !parts[0].matches("[0-9]+")) {
                continue;
            }
            String[] pair = byIndex.computeIfAbsent(Integer.parseInt(parts[0]), i -> new String[2]);
            if (parts[1].equals("Key")) {
                pair[0] = e.getValue();
            } else if (parts[1].equals("Value")) {
                pair[1] = e.getValue();
            }
        }
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (var e : byIndex.entrySet()) {
            if (e.getValue()[0] == null) {
                throw KmsError.missing(prefix + "." + e.getKey() + ".Key");
            }
            out.add(Map.entry(e.getValue()[0], e.getValue()[1] == null ? "" : e.getValue()[1]));
        }
        return out;
    }
}
