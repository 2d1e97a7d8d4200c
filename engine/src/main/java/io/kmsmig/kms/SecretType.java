package io.kmsmig.kms;

/**
 * A secret's type (kms-openapi.md §3 SecretType, §12). The engine compares these, never the wire names, which
 * only this adapter package spells.
 */
public enum SecretType {
    GENERIC("Generic"),
    RDS("Rds"),
    REDIS("Redis"),
    POLARDB("PolarDB"),
    RAM_CREDENTIALS("RAMCredentials"),
    ECS("ECS"),
    /** A type this kmsmig does not know (a newer KMS); its wire name stays in the metadata for display. */
    OTHER(null);

    private final String wire;

    SecretType(String wire) {
        this.wire = wire;
    }

    /** The name KMS uses (SecretType parameter and field); null for {@link #OTHER}. */
    public String wire() {
        return wire;
    }

    /** The type of a wire name; {@link #OTHER} for an unknown one (and for null). */
    public static SecretType of(String wire) {
        for (SecretType t : values()) {
            if (t.wire != null && t.wire.equals(wire)) {
                return t;
            }
        }
        return OTHER;
    }

    /** Whether {@code wire} (a type as plan or state records it) names a RAM secret. */
    public static boolean isRam(String wire) {
        return of(wire) == RAM_CREDENTIALS;
    }
}
