package io.kmsmig.plan;

/**
 * One line of a secret's metadata diff, with what it is: renderers colour from {@link #kind}, never from the text.
 *
 * @param kind what the line is
 * @param text the line as a unified diff shows it (prefix included), for people
 */
public record DiffLine(Kind kind, String text) {

    /** What a unified diff line is. */
    public enum Kind {
        /** The {@code ---} and {@code +++} file lines. */
        HEADER("header"),
        /** An {@code @@} hunk line. */
        HUNK("hunk"),
        /** A line both sides have. */
        CONTEXT("context"),
        /** Only the source has it (what apply brings over). */
        ADDED("added"),
        /** Only the destination has it (what apply corrects). */
        REMOVED("removed");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        /** Its name in plan JSON ({@code diff_kinds}). */
        public String wire() {
            return wire;
        }

        public static Kind byWire(String wire) {
            for (Kind k : values()) {
                if (k.wire.equals(wire)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown diff line kind " + wire);
        }
    }
}
