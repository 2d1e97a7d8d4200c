package io.kmsmig.spec;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A secret-name glob, matched against the whole name, with {@code /} separating path segments as in a file glob:
 * {@code *} matches any characters within one segment (no {@code /}), {@code **} any characters across segments
 * ({@code orders/**} selects orders/a and orders/a/b; {@code **} selects every secret); a whole segment {@code **}
 * followed by a slash also matches zero segments (so "a/ ** /b" without the spaces selects a/b as well as a/x/b, and
 * a leading "** /test-*" selects test-a too), as in gitignore and bash's globstar; {@code ?} one character
 * other than {@code /}, {@code [abc]} a class and {@code {a,b}} alternatives. The schema's description of
 * {@code secrets.include} says the same. The JDK's PathMatcher is not used because it normalises names as file
 * paths ({@code a//b}, trailing slashes), which secret names are not. The translation is matched with RE2/J, whose
 * time is linear in the name: java.util.regex backtracks, and {@code *a*a*a*a*a*b} against a 60-character name took
 * seconds (a spec is untrusted input to a CI job).
 */
public final class Glob {
    /** The glob that selects every secret name. */
    public static final String EVERYTHING = "**";
    /** How deep {@code {a,{b,c}}} alternatives may nest; RE2/J's parser and compiler recurse once per level. */
    static final int MAX_NESTING = 100;

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
                    boolean wholeSegment = i == 0 || glob.charAt(i - 1) == '/';
                    boolean any = false;
                    while (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        any = true;
                        i++;
                    }
                    if (any && wholeSegment && i + 1 < glob.length() && glob.charAt(i + 1) == '/') {
                        re.append("(?:.*/)?"); // **/ is zero or more whole segments, as in gitignore and bash globstar
                        i++;
                    } else {
                        re.append(any ? ".*" : "[^/]*");
                    }
                }
                case '?' -> re.append("[^/]");
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
                    if (braces > MAX_NESTING) {
                        throw tooComplex(glob, "'{' nested more than " + MAX_NESTING + " deep");
                    }
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
        try {
            return new Glob(glob, Pattern.compile(re.toString()));
        } catch (PatternSyntaxException e) {
            // Its message quotes the whole generated regex, which can be megabytes: name the glob's start instead.
            throw tooComplex(glob, e.getDescription());
        }
    }

    private static IllegalArgumentException tooComplex(String glob, String why) {
        String start = glob.length() > 40 ? glob.substring(0, 40) + "..." : glob;
        return new IllegalArgumentException("'" + start + "' (" + glob.length() + " characters) is too complex: " + why
                + "; write several simpler globs instead");
    }

    /** Whether the whole of {@code name} matches. */
    public boolean matches(String name) {
        return pattern.matcher(name).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
