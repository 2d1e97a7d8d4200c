package io.kmsmig.plan;

/**
 * Something a reviewer should know about a plan, with how loudly to say it: renderers choose from {@link #level},
 * never from the words.
 *
 * @param level how loudly a renderer shows it
 * @param text  the warning, for people
 */
public record Warning(Level level, String text) {

    /** How loudly to show a warning. */
    public enum Level {
        /** Listed with the other warnings. */
        NOTE("note"),
        /** Also shown above everything else: the plan does what cannot be taken back, or overrides a guard. */
        CAUTION("caution");

        private final String wire;

        Level(String wire) {
            this.wire = wire;
        }

        /** Its name in plan JSON ({@code warning_levels}). */
        public String wire() {
            return wire;
        }

        public static Level byWire(String wire) {
            for (Level l : values()) {
                if (l.wire.equals(wire)) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown warning level " + wire);
        }
    }

    public static Warning note(String text) {
        return new Warning(Level.NOTE, text);
    }

    public static Warning caution(String text) {
        return new Warning(Level.CAUTION, text);
    }

    /** The same warning, its text prefixed (a secret's warning listed among the plan's, after the secret's name). */
    public Warning prefixed(String prefix) {
        return new Warning(level, prefix + text);
    }
}
