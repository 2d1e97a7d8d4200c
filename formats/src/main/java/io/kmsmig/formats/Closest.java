package io.kmsmig.formats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean" for people's typos: field names, region ids, secret names. One edit distance for all of them,
 * optimal string alignment (Levenshtein plus adjacent transpositions, so {@code regoin} is one edit from
 * {@code region}), compared case-insensitively. Written here rather than taken from commons-text because its
 * Levenshtein counts a transposition as two edits, and a dependency for twenty lines is not worth its weight.
 */
public final class Closest {
    private Closest() {}

    /** Edits (insert, delete, substitute, swap two adjacent characters) that turn {@code a} into {@code b}. */
    public static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= y.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }

    /** Whether {@code candidate} is near enough to {@code typed} to suggest: at most 2 edits, or a third of its length. */
    public static boolean near(String typed, String candidate) {
        return distance(typed, candidate) <= Math.max(2, typed.length() / 3);
    }

    /** Up to {@code max} candidates near {@code typed}, nearest first (ties in alphabetical order). */
    public static List<String> among(String typed, Collection<String> candidates, int max) {
        List<String> near = new ArrayList<>();
        for (String c : candidates) {
            if (near(typed, c)) {
                near.add(c);
            }
        }
        near.sort(Comparator.comparingInt((String c) -> distance(typed, c)).thenComparing(Comparator.naturalOrder()));
        return List.copyOf(near.subList(0, Math.min(max, near.size())));
    }
}
