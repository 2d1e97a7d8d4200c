package io.kmsmig.formats;

import java.util.Objects;

/**
 * One thing wrong with a file, found while parsing or validating it.
 *
 * @param pointer  JSON Pointer of the offending value ({@code ""} for the whole document), never null
 * @param position where it is in the file, or null when the file could not be positioned (e.g. not text)
 * @param message  what is wrong and what is expected, one sentence, never holding a secret value
 */
public record Problem(String pointer, Position position, String message) {
    public Problem {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    /** The pointer as a dotted field path for people: {@code /source/region} becomes {@code source.region}. */
    public String fieldPath() {
        return JsonPointers.toFieldPath(pointer);
    }
}
