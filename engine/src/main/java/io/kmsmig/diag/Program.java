package io.kmsmig.diag;

import java.util.function.Supplier;

/**
 * The command as the user ran it ({@code ./kmsmig}, {@code kmsmig}), for the hints that name a command to run, wherever
 * they are built. The launchers put it in {@code KMSMIG_PROG} (the JVM cannot see the shell's argv[0]); {@code Main}
 * sets it once per run. Only for messages to people: plan and state files keep the plain name {@code kmsmig}.
 */
public final class Program {
    /** The name when no launcher said otherwise, or said something that is not one printable line. */
    public static final String DEFAULT = "kmsmig";

    private static volatile String process = DEFAULT;
    /** Set by a run in this process (tests run many, on several threads); else the process-wide name applies. */
    private static final ThreadLocal<String> RUN = new ThreadLocal<>();

    private Program() {}

    /** The name to print in hints, e.g. {@code Program.name() + " plan -f spec.yaml"}. */
    public static String name() {
        String r = RUN.get();
        return r == null ? process : r;
    }

    /**
     * {@code KMSMIG_PROG}'s value if it is one line of printable characters (it is echoed into hints a person may
     * paste), else {@link #DEFAULT}.
     */
    public static String of(String prog) {
        return prog == null
                        || prog.isBlank()
                        || prog.length() > 200
                        || !prog.chars().allMatch(c -> c >= 0x20 && c != 0x7f)
                ? DEFAULT
                : prog;
    }

    /**
     * Sets the name for the whole process (worker threads included): {@code Main.main}, once, with
     * {@code Cli.program()} (checked with {@link #of} and shell-quoted).
     */
    public static void setForProcess(String name) {
        process = name;
    }

    /** Runs {@code body} with {@code name} ({@code Cli.program()}) as the name on this thread, then restores it. */
    public static <T> T during(String name, Supplier<T> body) {
        String before = RUN.get();
        RUN.set(name);
        try {
            return body.get();
        } finally {
            if (before == null) {
                RUN.remove();
            } else {
                RUN.set(before);
            }
        }
    }
}
