package io.kmsmig.cli;

import io.kmsmig.diag.Diagnostic;
import io.kmsmig.diag.KmsmigException;
import io.kmsmig.kms.KmsCallException;
import io.kmsmig.render.Style;
import java.io.PrintWriter;
import java.io.StringWriter;

/** The one place that turns a failure into lines for people and an exit code. */
final class ErrorReporter {
    private ErrorReporter() {
    }

    static int report(Throwable t, PrintWriter err, boolean debug, Style style) {
        int code;
        if (t instanceof KmsmigException k) {
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
            err.println(style.error("Error: ") + "internal error (" + t.getClass().getSimpleName() + "): "
                    + safeMessage(t));
            err.println("This is a bug in kmsmig. Run again with --debug and report the output; it holds no secret values.");
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

    /** The message of an unexpected exception, cut to one line. */
    private static String safeMessage(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
