package io.kmsmig.cli;

import io.kmsmig.diag.Program;
import io.kmsmig.render.Style;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** Entry point. {@link #run} is the in-process seam: tests call it with their own writers and get the exit code. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Cli cli = processContext(
                System.console() != null, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        int code = run(cli, args);
        cli.out().flush();
        cli.err().flush();
        System.exit(code);
    }

    /**
     * The context of this process as {@link #main} runs a command in it: its working directory, environment, clock
     * and Ctrl-C, stdout and stderr as UTF-8 writers; {@code terminal} and {@code stdin} as given. Turns the JDK's
     * logging off: the SDKs' HTTP stacks log through java.util.logging, and kmsmig prints its own messages instead.
     */
    public static Cli processContext(boolean terminal, BufferedReader stdin) {
        Logger.getLogger("").setLevel(Level.OFF);
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        Cli cli = new Cli(
                out,
                err,
                Path.of("").toAbsolutePath(),
                System.getenv(),
                Clock.systemUTC(),
                terminal,
                stdin,
                Signals.JVM);
        Program.setForProcess(cli.program());
        return cli;
    }

    /** Runs one command line with the given writers, in this process, and returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Cli cli = new Cli(
                out,
                err,
                Path.of("").toAbsolutePath(),
                Map.copyOf(System.getenv()),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                Signals.JVM);
        return run(cli, args);
    }

    /** The command tree: every command, option and parameter kmsmig accepts. */
    static CommandLine commandLine(Cli cli) {
        return CommandTree.full(cli);
    }

    /** Runs one command line in the given context. */
    public static int run(Cli cli, String... args) {
        return run(cli, CommandTree.forArgs(cli, args), args);
    }

    /**
     * Runs one command line through {@code cl} (kmsmig's command tree, or a test's extension of it). picocli hands
     * exceptions to the handler below but lets errors through: an OutOfMemoryError is caught here and reported with
     * the heap option to raise, never as a stack trace.
     */
    static int run(Cli cli, CommandLine cl, String... args) {
        // Hints built deep in the engine (stale plans, locks, journal repair) name the command as the user ran it.
        return Program.during(cli.program(), () -> runAs(cli, cl, args));
    }

    private static int runAs(Cli cli, CommandLine cl, String... args) {
        cl.setOut(cli.out());
        cl.setErr(cli.err());
        boolean noColor = Arrays.asList(args).contains("--no-color");
        boolean debug = Arrays.asList(args).contains("--debug");
        Style style = new Style(cli.color(noColor));
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                style.enabled() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setParameterExceptionHandler((ex, a) -> {
            cli.err().println(style.error("Error: ") + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, cli.err());
            cli.err().println("Run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            cli.err().flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> ErrorReporter.report(ex, cli.err(), debug, style));
        int code;
        try {
            code = cl.execute(args);
        } catch (OutOfMemoryError e) {
            code = ErrorReporter.report(e, cli.err(), debug, style);
        }
        cli.out().flush();
        if (cli.out().checkError()) {
            // PrintWriter swallows write errors: without this, `kmsmig plan ... > plan.md` on a full disk exits 0 or 2
            // and a pipeline posts the truncated plan. A failure the command reported keeps its own exit code.
            cli.err()
                    .println(style.error("Error: ") + "the output could not be written in full (a full disk, or a"
                            + " closed pipe); run the command again where its output can be written.");
            code = code == ExitCodes.OK || code == ExitCodes.CHANGES ? ExitCodes.ERROR : code;
        }
        cli.err().flush();
        return code;
    }
}
