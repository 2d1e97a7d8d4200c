package io.kmsmig.docs;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Records what this JVM prints to System.out and System.err (any thread) while still printing it, until closed: a
 * command run in-process is scanned for what its child process would have printed. It cannot see a stream taken
 * before it started (java.util.logging's console handler keeps the System.err it found; kmsmig turns that logger off)
 * or a write straight to file descriptor 1 or 2; the tour's launcher step, a child process, covers those. Other test
 * classes running at the same time print through it too; nothing of theirs may hold a value either.
 */
final class SystemOutputTap implements AutoCloseable {
    private final PrintStream out;
    private final PrintStream err;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private SystemOutputTap(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static SystemOutputTap start() {
        SystemOutputTap tap = new SystemOutputTap(System.out, System.err);
        System.setOut(tap.tee(tap.out));
        System.setErr(tap.tee(tap.err));
        return tap;
    }

    /** Everything printed since {@link #start()}. */
    String printed() {
        synchronized (printed) {
            return printed.toString(StandardCharsets.UTF_8);
        }
    }

    private PrintStream tee(PrintStream to) {
        return new PrintStream(
                new OutputStream() {
                    @Override
                    public void write(int b) {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        synchronized (printed) {
                            printed.write(b, off, len);
                        }
                        to.write(b, off, len);
                    }

                    @Override
                    public void flush() {
                        to.flush();
                    }
                },
                true,
                StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
    }
}
