package io.kmsmig.spec;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations like {@code 7d}, {@code 36h}, {@code 90m}, {@code 30s}, used in specs and on the command line. */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("([0-9]+)(s|m|h|d)");
    /** The largest number of a unit: 999999999d is 2.7 million years, and a deadline that far ahead still fits. */
    static final long MAX = 999_999_999;

    private Durations() {}

    /** Parses {@code text}; throws IllegalArgumentException naming the expected form. */
    public static Duration parse(String text) {
        if (text.trim().equals("0")) {
            return Duration.ZERO; // zero needs no unit (--lock-timeout 0, as its default 0s)
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration; write a number and a unit: 30s, 5m, 36h, 7d");
        }
        String digits = m.group(1).replaceFirst("^0+(?=.)", "");
        if (digits.length() > String.valueOf(MAX).length()) {
            throw new IllegalArgumentException("'" + text + "' is too large (at most " + MAX + m.group(2) + ")");
        }
        long n = Long.parseLong(digits);
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest exact form: 7d, 36h, 90m, 30s. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }
}
