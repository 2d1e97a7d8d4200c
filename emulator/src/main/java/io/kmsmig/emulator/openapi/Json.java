package io.kmsmig.emulator.openapi;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON answers the old SDK's reader understands (kms-openapi.md §1.3, §1.4): flat objects, every list wrapped
 * in an object keyed by the singular name, raw UTF-8 (Jackson escapes no non-ASCII and no HTML characters).
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** ISO-8601 UTC to the second, like {@code 2022-02-21T15:39:26Z} (§1.3). */
    public static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code "Tags":{"Tag":[{"TagKey":..,"TagValue":..}]}} */
    public static void tags(ObjectNode o, List<Map.Entry<String, String>> tags) {
        ArrayNode arr = o.putObject("Tags").putArray("Tag");
        for (Map.Entry<String, String> t : tags) {
            arr.addObject().put("TagKey", t.getKey()).put("TagValue", t.getValue());
        }
    }

    /** {@code "VersionStages":{"VersionStage":[...]}} */
    public static void stages(ObjectNode o, Collection<String> stages) {
        ArrayNode arr = o.putObject("VersionStages").putArray("VersionStage");
        stages.forEach(arr::add);
    }

    /** Puts a string field unless it is null. */
    public static void putIf(ObjectNode o, String k, String v) {
        if (v != null) {
            o.put(k, v);
        }
    }

    public static byte[] bytes(ObjectNode o) {
        return MAPPER.writeValueAsBytes(o);
    }
}
