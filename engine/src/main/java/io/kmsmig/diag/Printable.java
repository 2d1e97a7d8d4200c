package io.kmsmig.diag;

/**
 * Text that came from outside (an ActionTrail event's user name, User-Agent, address), made safe to print in a
 * terminal and in a pull-request comment: control characters (C0, DEL, C1), bidirectional overrides and isolates
 * and line separators become {@code \\uXXXX}, backticks and angle brackets are escaped the same way so Markdown
 * cannot be closed or HTML opened, and anything over {@link #MAX} characters is cut with an ellipsis. Plain
 * printable text is returned as it is.
 */
public final class Printable {
    /** Longest foreign text kept in a message. */
    public static final int MAX = 200;

    private Printable() {}

    public static String of(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), MAX) + 8);
        int count = 0;
        for (int i = 0; i < s.length(); i++) {
            if (count == MAX) {
                return out.append('…').toString();
            }
            char c = s.charAt(i);
            if (unsafe(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
            count++;
        }
        return out.toString();
    }

    private static boolean unsafe(char c) {
        return c < 0x20
                || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069)
                || c == 0x2028
                || c == 0x2029
                || c == 0x200E
                || c == 0x200F
                || c == 0x061C
                || c == '`'
                || c == '<'
                || c == '>';
    }
}
