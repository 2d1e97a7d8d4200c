package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A heap that is too small ends in a message naming the option to raise, exit 1, never a stack trace. */
class OutOfMemoryReportTest {
    /** Runs out of memory itself, as a command building a huge document would. */
    @Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    /** A worker thread ran out of memory; the command sees it wrapped, as from Future.get. */
    @Command(name = "exhaust-worker")
    static final class ExhaustWorker implements Callable<Integer> {
        @Override
        public Integer call() throws ExecutionException {
            throw new ExecutionException(new OutOfMemoryError("Java heap space"));
        }
    }

    private record Ran(int exit, String out, String err) {}

    private static Ran run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Cli cli = new Cli(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                CliRun.REPO,
                Map.of(),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                handler -> () -> {});
        CommandLine cl = Main.commandLine(cli);
        cl.addSubcommand("exhaust", new Exhaust());
        cl.addSubcommand("exhaust-worker", new ExhaustWorker());
        return new Ran(Main.run(cli, cl, args), out.toString(), err.toString());
    }

    @Test
    void outOfMemory_inTheCommand_namesTheHeapOptionAndExits1WithoutAStackTrace() {
        // when
        Ran r = run("exhaust");
        // then
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        long mb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        assertTrue(r.err().contains("kmsmig ran out of memory (heap limit " + mb + " MB)"), r.err());
        assertTrue(r.err().contains("KMSMIG_JAVA_OPTS=-Xmx") && r.err().contains(" -jar kmsmig.jar"), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("java.lang.OutOfMemoryError"), r.err());
        assertFalse(r.err().contains("This is a bug"), "running out of memory is not a bug report: " + r.err());
    }

    @Test
    void outOfMemory_inAWorkerThread_isReportedTheSameWay() {
        Ran r = run("exhaust-worker");
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(r.err().contains("kmsmig ran out of memory"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void outOfMemory_withDebug_alsoPrintsTheStackTrace() {
        Ran r = run("--debug", "exhaust");
        assertEquals(ExitCodes.ERROR, r.exit(), r.err());
        assertTrue(
                r.err().contains("kmsmig ran out of memory") && r.err().contains("java.lang.OutOfMemoryError"),
                r.err());
    }

    @Test
    void outOfMemoryMessage_suggestsTwiceTheLimitAndAtLeastTwoGigabytes() {
        assertTrue(
                ErrorReporter.outOfMemoryMessage(512L << 20)
                        .contains("heap limit 512 MB). Raise it with "
                                + "KMSMIG_JAVA_OPTS=-Xmx2g (the ./kmsmig launcher) or java -Xmx2g -jar kmsmig.jar"),
                ErrorReporter.outOfMemoryMessage(512L << 20));
        assertTrue(
                ErrorReporter.outOfMemoryMessage(3L << 30).contains("KMSMIG_JAVA_OPTS=-Xmx6g"),
                ErrorReporter.outOfMemoryMessage(3L << 30));
    }
}
