package io.kmsmig.cli;

import io.kmsmig.kms.Sleeper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Runs kmsmig in-process through {@link Main#run(Cli, String...)} and captures what it printed. */
public final class CliRun {
    /** The repository root (tests run with the engine module as working directory). */
    public static final Path REPO = Path.of("").toAbsolutePath().getParent();

    /** What one invocation printed and returned. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }
    }

    private final Path cwd;
    private final Map<String, String> env = new HashMap<>();
    private boolean terminal;
    private boolean oneStream;
    private String stdin = "";
    private Supplier<Reader> stdinReader;
    private Clock clock = Clock.systemUTC();
    private PortSource ports;
    private Sleeper backoff = Sleeper.REAL;
    private final java.util.List<Runnable> interruptHandlers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CliRun(Path cwd) {
        this.cwd = cwd;
    }

    public static CliRun inRepo() {
        return new CliRun(REPO);
    }

    /** Simulates Ctrl-C: runs the interrupt handlers a running command registered (from another thread). */
    public void interrupt() {
        interruptHandlers.forEach(Runnable::run);
    }

    public CliRun env(String k, String v) {
        env.put(k, v);
        return this;
    }

    /** The clock commands read (a fixed one makes plan and state timestamps reproducible). */
    public CliRun clock(Clock c) {
        this.clock = c;
        return this;
    }

    /** Runs spec-driven commands over these ports (an in-memory KMS) instead of the spec's endpoints or sandbox. */
    public CliRun ports(PortSource p) {
        this.ports = p;
        return this;
    }

    /**
     * How API retries wait out their backoff ({@link Sleeper#REAL} unless set): {@code d -> {}} for tests of what
     * retries do over the wire, not of how long they wait. The client-side rate limits still pace real time.
     */
    public CliRun backoff(Sleeper s) {
        this.backoff = s;
        return this;
    }

    public CliRun terminal(boolean t, String answers) {
        this.terminal = t;
        this.stdin = answers;
        return this;
    }

    /**
     * Standard error into standard output, in the order written, as {@code 2>&1} into a pipe shows them: the
     * result's {@code out} holds both, its {@code err} is empty.
     */
    public CliRun errIntoOut() {
        this.oneStream = true;
        return this;
    }

    /** A terminal whose standard input is {@code reader} (e.g. one that fails), instead of typed answers. */
    public CliRun terminal(Supplier<Reader> reader) {
        this.terminal = true;
        this.stdinReader = reader;
        return this;
    }

    /** A context that prints nowhere, for parsing command lines without running them. */
    Cli context() {
        return new Cli(
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                cwd,
                Map.copyOf(env),
                Clock.systemUTC(),
                false,
                new BufferedReader(new StringReader("")),
                handler -> () -> {});
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Signals signals = handler -> {
            interruptHandlers.add(handler);
            return () -> interruptHandlers.remove(handler);
        };
        Cli cli = new Cli(
                new PrintWriter(out, true),
                new PrintWriter(oneStream ? out : err, true),
                cwd,
                Map.copyOf(env),
                clock,
                terminal,
                new BufferedReader(stdinReader == null ? new StringReader(stdin) : stdinReader.get()),
                signals,
                ports,
                backoff);
        int code = Main.run(cli, args);
        return new Result(code, out.toString(), err.toString());
    }
}
