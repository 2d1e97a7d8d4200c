package io.kmsmig.render;

import io.kmsmig.operation.VerifyView;
import io.kmsmig.verify.VerifyReport;
import java.io.PrintWriter;

/** {@code kmsmig verify} on a console: the report on stdout as text, markdown or json. */
public final class ConsoleVerifyView extends ConsoleView implements VerifyView {
    private final OutputFormat format;
    private final Style style;

    public ConsoleVerifyView(PrintWriter out, PrintWriter err, OutputFormat format, Style style) {
        super(out, err);
        this.format = format;
        this.style = style;
    }

    @Override
    public void report(VerifyReport report) {
        VerifyRenderer r = new VerifyRenderer(style);
        out.print(
                switch (format) {
                    case json -> r.json(report);
                    case markdown -> r.markdown(report);
                    default -> r.text(report);
                });
    }
}
