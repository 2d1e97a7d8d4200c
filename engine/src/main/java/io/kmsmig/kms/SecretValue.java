package io.kmsmig.kms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret version's value and data type, held in memory only while one secret is worked on. Its
 * {@link #toString()} never shows the value; {@link #sameAs} compares in constant time.
 */
public final class SecretValue {
    private final String data;
    private final String dataType;

    public SecretValue(String data, String dataType) {
        this.data = Objects.requireNonNull(data, "data");
        this.dataType = dataType == null || dataType.isEmpty() ? "text" : dataType;
    }

    /** The value itself. Callers pass it to KMS or compare it; they never print or persist it. */
    public String reveal() {
        return data;
    }

    public String dataType() {
        return dataType;
    }

    /** Constant-time equality of value and data type. */
    public boolean sameAs(SecretValue other) {
        return other != null
                && dataType.equals(other.dataType)
                && MessageDigest.isEqual(
                        data.getBytes(StandardCharsets.UTF_8), other.data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SecretValue(" + dataType + ", redacted)";
    }
}
