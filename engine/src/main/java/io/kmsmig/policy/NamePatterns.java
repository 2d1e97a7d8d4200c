package io.kmsmig.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a spec's name globs into RAM resource name patterns. RAM's {@code *} matches any characters, {@code /}
 * included, so each pattern matches at least what its glob does (a superset: {@code orders/*} also matches
 * {@code orders/eu/db}): {@code *}, {@code **} and {@code **}{@code /} become {@code *}; {@code ?} and {@code [..]}
 * become {@code *}; {@code {a,b}} alternatives become one pattern each (more than {@value #MAX_PATTERNS} fall back
 * to {@code *} for the group).
 */
final class NamePatterns {
    static final int MAX_PATTERNS = 16;

    private NamePatterns() {}

    /** The patterns of one glob, sorted, without duplicates. */
    static List<String> of(String glob) {
        List<String> out = new ArrayList<>();
        for (String p : expand(glob)) {
            out.add(wildcards(p));
        }
        return minimal(out);
    }

    /** Removes duplicates and patterns another one covers ({@code *} covers all; {@code a/*} covers {@code a/b*}). */
    static List<String> minimal(List<String> patterns) {
        TreeSet<String> sorted = new TreeSet<>(patterns);
        List<String> out = new ArrayList<>();
        for (String p : sorted) {
            boolean covered = sorted.stream()
                    .anyMatch(q -> !q.equals(p)
                            && q.endsWith("*")
                            && q.indexOf('*') == q.length() - 1
                            && p.startsWith(q.substring(0, q.length() - 1)));
            if (!covered) {
                out.add(p);
            }
        }
        return out;
    }

    /** The literal text before the first wildcard. */
    static String literalPrefix(String pattern) {
        int star = pattern.indexOf('*');
        return star < 0 ? pattern : pattern.substring(0, star);
    }

    private static List<String> expand(String glob) {
        int open = topLevelBrace(glob);
        if (open < 0) {
            return List.of(glob);
        }
        int close = matching(glob, open);
        if (close < 0) {
            return List.of(glob.substring(0, open) + "*");
        }
        List<String> alternatives = split(glob.substring(open + 1, close));
        String head = glob.substring(0, open);
        List<String> tails = expand(glob.substring(close + 1));
        List<String> out = new ArrayList<>();
        for (String a : alternatives) {
            for (String inner : expand(a)) {
                for (String t : tails) {
                    out.add(head + inner + t);
                }
            }
        }
        return out.size() <= MAX_PATTERNS ? out : List.of(head + "*");
    }

    private static int topLevelBrace(String s) {
        boolean inClass = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '{' && !inClass) {
                return i;
            }
        }
        return -1;
    }

    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> split(String body) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(body.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(body.substring(start));
        return parts;
    }

    private static String wildcards(String glob) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*', '?' -> star(out);
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    i = end < 0 ? glob.length() : end;
                    star(out);
                }
                case '/' -> {
                    // "**/" is zero or more whole segments: the star before it already matches them and the slash
                    if (out.length() > 0
                            && out.charAt(out.length() - 1) == '*'
                            && i >= 2
                            && glob.charAt(i - 1) == '*'
                            && glob.charAt(i - 2) == '*') {
                        continue;
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void star(StringBuilder out) {
        if (out.length() == 0 || out.charAt(out.length() - 1) != '*') {
            out.append('*');
        }
    }
}
