package io.kmsmig.render;

import io.kmsmig.apply.Outcome;
import io.kmsmig.apply.Progress;
import io.kmsmig.kms.CallMeter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** On a terminal: a progress bar (me.tongfei:progressbar) with secrets done/total, API calls, rate and ETA. */
public final class BarProgress implements Progress {
    private final PrintWriter err;
    private final CallMeter meter;
    private ProgressBar bar;

    public BarProgress(PrintWriter err, CallMeter meter) {
        this.err = err;
        this.meter = meter;
    }

    @Override
    public void start(int secrets) {
        bar = new ProgressBarBuilder()
                .setTaskName("Applying")
                .setInitialMax(secrets)
                .setUnit(" secrets", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(
                        new OutputStream() {
                            @Override
                            public void write(int b) {
                                err.write(b);
                            }

                            @Override
                            public void flush() {
                                err.flush();
                            }
                        },
                        true)))
                .build();
    }

    @Override
    public void secretDone(String name, Outcome outcome, String note) {
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(
                    "API calls " + meter.total() + (outcome == Outcome.FAILED ? ", last failed: " + name : ""));
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
