package io.kmsmig.emulator.world;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Size, name and format limits from the reference (§3, §8, §12.2, §13, §14). */
public final class Limits {
    /** §3: SecretData is at most 30,720 bytes. */
    public static final int MAX_DATA_BYTES = 30_720;
    /** §3: VersionId at most 64 characters (charset UNCONFIRMED; printable, no spaces here). */
    public static final int MAX_VERSION_ID = 64;
    /** §20: 192 characters, the newest documented limit. */
    public static final int MAX_NAME = 192;
    /** §14: at most 20 tags per secret (newest value). */
    public static final int MAX_TAGS = 20;

    public static final int MAX_POLICY_BYTES = 32_768;
    public static final int MAX_EXTENDED_CONFIG = 1_024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_/+=.@-]+");
    private static final Pattern VERSION_ID = Pattern.compile("[\\x21-\\x7e]+");
    /**
     * §3, §14, §19: letters, digits, / \ _ - . + = : @, no spaces (newest CreateSecret model, aliyun/alibabacloud-
     * typescript-sdk kms-20160120 CreateSecretRequest.ts "Tags").
     */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9/\\\\_.+=:@-]+");

    private static final Pattern INTERVAL = Pattern.compile("([0-9]+)([dhms])");

    private Limits() {}

    /** §3 and §12.2: charset, length and type-specific prefixes. */
    public static void secretName(String name, SecretType type) {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw KmsError.invalid("SecretName", "1 to 192 characters from A-Z a-z 0-9 _ / + = . - @");
        }
        switch (type) {
            case Generic, Rds, Redis, PolarDB -> {
                if (name.startsWith("acs/")) {
                    throw KmsError.invalid("SecretName", "must not start with acs/ for type " + type.wire());
                }
            }
            case ECS -> {
                if (!name.startsWith("acs/ecs/")) {
                    throw KmsError.invalid("SecretName", "an ECS secret's name starts with acs/ecs/");
                }
            }
            case RAMCredentials -> {
                if (!name.startsWith("acs/ram/user/")) {
                    throw KmsError.invalid("SecretName", "a RAM secret is created with $Auto");
                }
            }
        }
    }

    public static void versionId(String id) {
        if (id.length() > MAX_VERSION_ID || !VERSION_ID.matcher(id).matches()) {
            throw KmsError.invalid("VersionId", "1 to 64 printable characters without spaces");
        }
    }

    public static void data(String data, String dataType) {
        if (data.getBytes(StandardCharsets.UTF_8).length > MAX_DATA_BYTES) {
            throw KmsError.invalid("SecretData", "at most " + MAX_DATA_BYTES + " bytes");
        }
        dataType(dataType);
    }

    public static void dataType(String dataType) {
        if (!"text".equals(dataType) && !"binary".equals(dataType)) {
            throw KmsError.invalid("SecretDataType", "text or binary");
        }
    }

    /** §3 and §14: at most 20 tags; key and value 1..128 characters; no aliyun or acs: prefix. */
    public static void tags(List<Map.Entry<String, String>> tags, int existing) {
        if (tags.size() + existing > MAX_TAGS) {
            throw KmsError.invalid("Tags", "at most " + MAX_TAGS + " tags per secret");
        }
        for (Map.Entry<String, String> t : tags) {
            String k = t.getKey();
            String v = t.getValue();
            if (k.isEmpty()
                    || k.length() > 128
                    || !TAG.matcher(k).matches()
                    || v.length() > 128
                    || (!v.isEmpty() && !TAG.matcher(v).matches())) {
                throw KmsError.invalid(
                        "Tags",
                        "tag keys (1 to 128 characters) and values (up to 128) are made of A-Z a-z 0-9 / \\ _ - . + = : @ (no spaces)");
            }
            if (k.startsWith("aliyun") || k.startsWith("acs:")) {
                throw KmsError.invalid("Tags", "a tag key must not start with aliyun or acs:");
            }
        }
    }

    /** §3 and §10: {@code integer[unit]}, unit d/h/m/s, between 6 hours and 8,760 hours. Returns seconds. */
    public static long rotationInterval(String interval) {
        var m = INTERVAL.matcher(interval);
        if (!m.matches()) {
            throw KmsError.invalid("RotationInterval", "like 30d, 12h or 604800s");
        }
        long n = Long.parseLong(m.group(1));
        long seconds = switch (m.group(2)) {
            case "d" -> n * 86_400;
            case "h" -> n * 3_600;
            case "m" -> n * 60;
            default -> n;
        };
        if (seconds < 6 * 3_600 || seconds > 8_760L * 3_600) {
            throw KmsError.invalid("RotationInterval", "between 6 hours and 8760 hours");
        }
        return seconds;
    }

    /** The stored form of an interval ({@code "<seconds>s"}), or null when it is not a valid interval. */
    static String rotationIntervalOrNull(String interval) {
        try {
            return rotationInterval(interval) + "s";
        } catch (KmsError e) {
            return null;
        }
    }

    public static void policy(String policy) {
        if (policy.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw KmsError.invalid("Policy", "at most " + MAX_POLICY_BYTES + " bytes");
        }
    }

    public static void extendedConfig(String json) {
        if (json.length() > MAX_EXTENDED_CONFIG) {
            throw KmsError.invalid("ExtendedConfig", "at most " + MAX_EXTENDED_CONFIG + " characters");
        }
    }
}
