package io.kmsmig.spec;

import java.util.regex.Pattern;

/**
 * A secret-name glob: {@code *} and {@code **} match any characters (slashes too, so {@code *} selects every
 * secret and {@code orders/*} everything under orders/), {@code ?} one character, {@code [abc]} a class and
 * {@code {a,b}} alternatives. Names are matched whole. The JDK's PathMatcher is not used because it normalises
 * names as file paths ({@code a//b}, trailing slashes), which secret names are not.
 */
public final class Glob {
    private final String text;
    private final Pattern pattern;

    private Glob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** Compiles {@code glob}; throws IllegalArgumentException with a reason for a malformed one. */
    public static Glob compile(String glob) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        boolean inClass = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    re.append(']');
                } else if (c == '\\' || c == '[') {
                    re.append('\\').append(c);
                } else {
                    re.append(c);
                }
                continue;
            }
            switch (c) {
                case '*' -> {
                    while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        i++;
                    }
                    re.append(".*");
                }
                case '?' -> re.append('.');
                case '[' -> {
                    inClass = true;
                    re.append('[');
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '!') {
                        re.append('^');
                        i++;
                    }
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == ']') {
                        throw new IllegalArgumentException("empty character class [] in '" + glob + "'");
                    }
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        throw new IllegalArgumentException("'}' without '{' in '" + glob + "'");
                    }
                    braces--;
                    re.append(')');
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (inClass) {
            throw new IllegalArgumentException("'[' without ']' in '" + glob + "'");
        }
        if (braces > 0) {
            throw new IllegalArgumentException("'{' without '}' in '" + glob + "'");
        }
        return new Glob(glob, Pattern.compile(re.toString()));
    }

    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
