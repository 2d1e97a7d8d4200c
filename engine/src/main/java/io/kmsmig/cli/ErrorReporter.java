package io.kmsmig.cli;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.render.Style;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The one place that turns a failure into lines for people and an exit code. */
final class ErrorReporter {
    private ErrorReporter() {}

    static int report(Throwable t, PrintWriter err, boolean debug, Style style) {
        int code;
        OutOfMemoryError oom = outOfMemory(t);
        if (oom != null) {
            err.println(style.error("Error: ")
                    + outOfMemoryMessage(Runtime.getRuntime().maxMemory()));
            code = ExitCodes.ERROR;
        } else if (t instanceof KmsmigException k) {
            for (Diagnostic d : k.diagnostics()) {
                err.println(d.render());
            }
            err.println(style.error("Error: ") + k.getMessage());
            code = k.code().exitCode();
        } else if (t instanceof KmsCallException k) {
            // Written by kmsmig with the action, region, code and what to do; never an SDK message.
            err.println(style.error("Error: ") + k.getMessage());
            code = ExitCodes.ERROR;
        } else {
            err.println(style.error("Error: ") + "internal error ("
                    + t.getClass().getSimpleName() + "): " + safeMessage(t));
            err.println(
                    "This is a bug in kmsmig. Run again with --debug and report the output; it holds no secret values.");
            code = ExitCodes.ERROR;
        }
        if (debug) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            err.print(sw);
        }
        err.flush();
        return code;
    }

    /** The OutOfMemoryError {@code t} is or was caused by (a worker thread's, wrapped), or null. */
    private static OutOfMemoryError outOfMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /**
     * What to do when the heap was too small: the limit it had, and the option that raises it for the launcher and
     * for a plain {@code java -jar}. Suggests twice the current limit, at least 2 GB.
     */
    static String outOfMemoryMessage(long maxHeapBytes) {
        long mb = maxHeapBytes / (1024 * 1024);
        long suggestGb = Math.max(2, (2 * mb + 1023) / 1024);
        String xmx = "-Xmx" + suggestGb + "g";
        return "kmsmig ran out of memory (heap limit " + mb + " MB). Raise it with KMSMIG_JAVA_OPTS=" + xmx
                + " (the ./kmsmig launcher) or java " + xmx + " -jar kmsmig.jar ..., then run the command again. "
                + "An interrupted apply resumes from its state file.";
    }

    /** The message of an unexpected exception, cut to one line. */
    private static String safeMessage(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
