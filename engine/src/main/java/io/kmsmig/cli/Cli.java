package io.kmsmig.cli;

import io.kmsmig.diag.Program;
import io.kmsmig.kms.Sleeper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * What one invocation runs with: writers, working directory, environment, clock, and whether a person is at a
 * terminal. Tests build one around string writers; {@link Main#main} builds the real one.
 *
 * @param out      standard output
 * @param err      standard error
 * @param cwd      relative paths in arguments (and the spec's own path) resolve against it
 * @param env      environment variables
 * @param clock    wall clock
 * @param terminal whether stdin and stdout are a terminal (prompts, progress bars, colour)
 * @param stdin    where answers to prompts come from
 * @param signals  where Ctrl-C comes from
 * @param ports    what spec-driven commands connect to instead of the spec's endpoints or sandbox, or null for those
 *                 (tests pass an in-memory KMS here)
 * @param backoff  how API retries wait out their backoff: {@link Sleeper#REAL} always in production; tests of what
 *                 retries do over the wire (not of how long they wait) pass one that does not wait
 */
public record Cli(
        PrintWriter out,
        PrintWriter err,
        Path cwd,
        Map<String, String> env,
        Clock clock,
        boolean terminal,
        BufferedReader stdin,
        Signals signals,
        PortSource ports,
        Sleeper backoff) {
    /** A context that connects to what the spec names: the real endpoints, or its sandbox. */
    public Cli(
            PrintWriter out,
            PrintWriter err,
            Path cwd,
            Map<String, String> env,
            Clock clock,
            boolean terminal,
            BufferedReader stdin,
            Signals signals) {
        this(out, err, cwd, env, clock, terminal, stdin, signals, null, Sleeper.REAL);
    }

    /**
     * The command as the user ran it, for the hints kmsmig prints ({@code ./kmsmig apply ...}): the launchers put
     * it in {@code KMSMIG_PROG} (the JVM cannot see the shell's argv[0]); {@code kmsmig} otherwise. One line of
     * printable characters only, since it is echoed into hints a person may paste.
     */
    public String program() {
        return shellWord(Program.of(env.get("KMSMIG_PROG")));
    }

    /**
     * {@code word} as a POSIX shell reads it back: as it is when it holds only characters no shell treats specially,
     * else in single quotes. Hints are commands to paste, and a path with a space (an archive unpacked under
     * "My Tools", a spec in "spec dir") must stay one word. Five lines, so no library for it.
     */
    public static String shellWord(Object word) {
        String w = String.valueOf(word);
        boolean plain = !w.isEmpty()
                && w.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || "_@%+=:,./-".indexOf(c) >= 0));
        return plain ? w : "'" + w.replace("'", "'\\''") + "'";
    }

    /** Colour only on a terminal, never with NO_COLOR set (no-color.org) or --no-color. */
    public boolean color(boolean noColorFlag) {
        return terminal
                && !noColorFlag
                && (env.get("NO_COLOR") == null || env.get("NO_COLOR").isEmpty());
    }
}
