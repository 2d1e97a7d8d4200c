package io.kmsmig.emulator.world;

import java.util.List;

/**
 * One ListSecrets filter (reference §5): a key and up to 10 values, OR-ed. Different keys are AND-ed and values
 * match exactly (both UNCONFIRMED; a client must treat server-side filtering as a pre-filter only).
 */
public record ListFilter(String key, List<String> values) {
    public ListFilter {
        values = List.copyOf(values);
    }

    boolean matches(Secret s) {
        return switch (key) {
            case "SecretName" -> values.contains(s.name());
            case "Description" -> s.description() != null && values.contains(s.description());
            case "TagKey" -> s.tags().keySet().stream().anyMatch(values::contains);
            case "TagValue" -> s.tags().values().stream().anyMatch(values::contains);
            case "DKMSInstanceId" -> s.kmsInstanceId() != null && values.contains(s.kmsInstanceId());
            case "SecretType" -> values.stream().anyMatch(v -> v.equalsIgnoreCase(s.type().wire()));
            case "Creator" -> true;
            default -> throw KmsError.invalid("Filters", "unknown filter key " + key);
        };
    }
}
