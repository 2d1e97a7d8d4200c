package io.kmsmig.render;

import io.kmsmig.apply.Outcome;
import io.kmsmig.apply.Progress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/** Without a terminal: one line per finished secret, {@code [3/14] orders/db-password: migrated (4 actions)}. */
public final class LineProgress implements Progress {
    private final PrintWriter out;
    private final AtomicInteger done = new AtomicInteger();
    private int total;

    public LineProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void start(int secrets) {
        this.total = secrets;
    }

    @Override
    public synchronized void secretDone(String name, Outcome outcome, String note) {
        out.println("[" + done.incrementAndGet() + "/" + total + "] " + name + ": " + outcome.label()
                + (note == null || note.isEmpty() ? "" : " (" + note + ")"));
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
    }
}
