package io.kmsmig.state;

/** Where one secret stands. */
public enum SecretStatus {
    PENDING("pending"),
    IN_PROGRESS("in-progress"),
    MIGRATED("migrated"),
    VERIFIED("verified"),
    SOURCE_DELETED("source-deleted"),
    FAILED("failed");

    private final String wire;

    SecretStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SecretStatus byWire(String w) {
        for (SecretStatus s : values()) {
            if (s.wire.equals(w)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + w);
    }
}
