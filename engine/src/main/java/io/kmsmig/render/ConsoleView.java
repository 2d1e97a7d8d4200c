package io.kmsmig.render;

import io.kmsmig.operation.View;
import java.io.PrintWriter;

/** What every console view says about the state: on stderr, so stdout stays the command's output. */
abstract class ConsoleView implements View {
    final PrintWriter out;
    final PrintWriter err;

    ConsoleView(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public void waitingForLock(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void stateWarning(String warning) {
        err.println("Warning: " + warning);
    }
}
