package io.kmsmig.support;

import io.kmsmig.cli.Cli;
import io.kmsmig.cli.Main;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        List<String> one = new ArrayList<>();
        for (String a : concat(args)) {
            if (!a.equals(NEXT)) {
                one.add(a);
                continue;
            }
            Cli cli = Main.processContext(false, new BufferedReader(new StringReader("")));
            int code = Main.run(cli, one.toArray(String[]::new));
            cli.out().flush();
            cli.err().flush();
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
