package io.kmsmig.formats;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON Pointers, and the dotted field paths people read ({@code secrets.include[0]}). */
public final class JsonPointers {
    private JsonPointers() {}

    /** Appends one object key to a pointer. */
    public static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /** Appends one array index to a pointer. */
    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** Splits a pointer into its unescaped tokens. */
    public static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return out;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /**
     * Renders a pointer as a field path: object keys joined with dots, all-digit tokens as {@code [n]}.
     * Keys that contain a dot or a slash are quoted, so {@code /secrets/rename/a.b} reads {@code secrets.rename."a.b"}.
     */
    public static String toFieldPath(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String token : tokens(pointer)) {
            if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(token).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                boolean plain = token.matches("[A-Za-z0-9_-]+");
                sb.append(plain ? token : '"' + token + '"');
            }
        }
        return sb.length() == 0 ? "(document)" : sb.toString();
    }
}
