package io.kmsmig.emulator.world;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * One ListSecrets filter (reference §5): a key and up to 10 values, OR-ed. Different keys are AND-ed and values
 * match exactly (both UNCONFIRMED; a client must treat server-side filtering as a pre-filter only).
 */
public record ListFilter(String key, List<String> values) {
    public ListFilter {
        values = List.copyOf(values);
    }

    /**
     * §5 Filters as decoded from the wire, {@code [{"Key":"SecretName","Values":["a"]}]}: at most 10 values per key,
     * known keys only; none ({@code null}) is no filter. The count of filters is the caller's to limit.
     */
    public static List<ListFilter> parse(JsonNode j) {
        List<ListFilter> out = new ArrayList<>();
        if (j == null) {
            return out;
        }
        if (!j.isArray()) {
            throw KmsError.invalid("Filters", "a JSON array of {\"Key\",\"Values\"}");
        }
        for (JsonNode f : j) {
            if (!f.path("Key").isString()
                    || !f.path("Values").isArray()
                    || f.path("Values").size() > 10) {
                throw KmsError.invalid("Filters", "each filter is {\"Key\":..,\"Values\":[at most 10 strings]}");
            }
            List<String> values = new ArrayList<>();
            f.get("Values").forEach(v -> values.add(v.asString()));
            String key = f.get("Key").asString();
            if (!List.of("SecretName", "Description", "TagKey", "TagValue", "DKMSInstanceId", "SecretType", "Creator")
                    .contains(key)) {
                throw KmsError.invalid("Filters", "unknown filter key " + key);
            }
            out.add(new ListFilter(key, values));
        }
        return out;
    }

    boolean matches(Secret s) {
        return switch (key) {
            case "SecretName" -> values.contains(s.name());
            case "Description" -> s.description() != null && values.contains(s.description());
            case "TagKey" -> s.tags().keySet().stream().anyMatch(values::contains);
            case "TagValue" -> s.tags().values().stream().anyMatch(values::contains);
            case "DKMSInstanceId" -> s.kmsInstanceId() != null && values.contains(s.kmsInstanceId());
            case "SecretType" ->
                values.stream().anyMatch(v -> v.equalsIgnoreCase(s.type().wire()));
            case "Creator" -> true;
            default -> throw KmsError.invalid("Filters", "unknown filter key " + key);
        };
    }
}
