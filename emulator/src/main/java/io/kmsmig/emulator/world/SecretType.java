package io.kmsmig.emulator.world;

import java.util.Locale;

/** Secret types (reference §12.1). Only Generic takes PutSecretValue and stage updates. */
public enum SecretType {
    Generic,
    Rds,
    Redis,
    PolarDB,
    RAMCredentials,
    ECS;

    public boolean managed() {
        return this != Generic;
    }

    /** Parses the wire value case-insensitively (docs write both Rds and RDS). */
    public static SecretType parse(String s) {
        for (SecretType t : values()) {
            if (t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw KmsError.invalid("SecretType", "must be one of Generic, Rds, Redis, PolarDB, RAMCredentials, ECS");
    }

    public String wire() {
        return name();
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
