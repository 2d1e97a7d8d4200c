package io.kmsmig.support;

import io.kmsmig.cli.Cli;
import io.kmsmig.cli.Main;
import io.kmsmig.cli.Signals;
import io.kmsmig.diag.Program;
import java.io.BufferedReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The child {@link ChildJvm#runEach} starts: several kmsmig command lines, one after the other, in one JVM with one
 * environment and home, as {@link Main#main} runs one (the process environment, the JUL root logger off, no terminal).
 * The command lines are separated by {@link #NEXT}; after each, a line {@link #ENDED} followed by its exit code.
 */
public final class ChildMain {
    /** Separates the command lines in the arguments. */
    static final String NEXT = "--kmsmig-child-next--";

    /** Starts the line printed after each command's output; the exit code follows it. */
    static final String ENDED = "--kmsmig-child-ended-- exit ";

    private ChildMain() {}

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.OFF);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        List<String> one = new ArrayList<>();
        for (String a : concat(args)) {
            if (!a.equals(NEXT)) {
                one.add(a);
                continue;
            }
            Cli cli = new Cli(
                    out,
                    err,
                    Path.of("").toAbsolutePath(),
                    System.getenv(),
                    Clock.systemUTC(),
                    false,
                    new BufferedReader(new StringReader("")),
                    Signals.JVM);
            Program.setForProcess(cli.program());
            int code = Main.run(cli, one.toArray(String[]::new));
            out.flush();
            err.flush();
            System.err.flush();
            System.out.println(ENDED + code);
            System.out.flush();
            one.clear();
        }
        System.exit(0);
    }

    private static List<String> concat(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add(NEXT);
        return all;
    }
}
