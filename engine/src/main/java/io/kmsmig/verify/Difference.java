package io.kmsmig.verify;

import java.util.Objects;

/**
 * One thing verify found different (or could not read) for a secret, typed: what kind, which field as the state
 * records it, and the sentence people read. Neither ever holds a value.
 *
 * @param kind    what kind of difference
 * @param field   the differing field as the state records it (e.g. {@code tag team}, {@code stage ACSCurrent})
 * @param message the sentence the report shows
 */
public record Difference(Kind kind, String field, String message) {
    /** What kind of difference. */
    public enum Kind {
        TYPE,
        DESCRIPTION,
        TAG,
        EXTENDED_CONFIG,
        ROTATION,
        POLICY,
        INSTANCE,
        ENCRYPTION_KEY,
        VERSION_MISSING,
        VERSION_EXTRA,
        STAGE,
        VALUE,
        APPLICATION_PATH,
        SOURCE_GONE,
        DESTINATION_MISSING,
        READ_FAILED
    }

    public Difference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** A difference whose field is named by its whole sentence (e.g. "description differs"). */
    static Difference whole(Kind kind, String message) {
        return new Difference(kind, message, message);
    }
}
