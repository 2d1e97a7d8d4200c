package io.kmsmig.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The printed result: one row per measured phase, as a Markdown table (readable in a terminal and in the README). */
public final class BenchTable {
    private BenchTable() {}

    public static String render(List<Sample> samples, long latencyMs, long maxHeapBytes) {
        List<String> out = new ArrayList<>();
        out.add("| N | phase | parallelism | wall s | calls | calls/secret | calls/s | ideal s | bound by | wall/ideal "
                + "| speed-up vs serial | peak heap MB | engine CPU s | persistence | 429 retried / surfaced |");
        out.add("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|");
        for (Sample s : samples) {
            Sample serial = samples.stream()
                    .filter(x -> x.secrets() == s.secrets()
                            && x.phase().equals(s.phase())
                            && x.latencyMs() == s.latencyMs()
                            && x.parallelism() == 1)
                    .findFirst()
                    .orElse(null);
            String speedUp =
                    serial == null || s.parallelism() == 1 ? "-" : f1(serial.wallSeconds() / s.wallSeconds()) + "x";
            String phase = s.phase() + (s.latencyMs() == latencyMs ? "" : " (L=" + s.latencyMs() + " ms)");
            out.add("| " + s.secrets() + " | " + phase + " | " + s.parallelism() + " | " + f1(s.wallSeconds()) + " | "
                    + s.totalCalls() + " | " + f2((double) s.totalCalls() / s.secrets()) + " | "
                    + f1(s.totalCalls() / s.wallSeconds()) + " | "
                    + f1(s.ideal().seconds()) + " | " + s.ideal().boundBy()
                    + " | " + f2(s.wallSeconds() / s.ideal().seconds()) + " | " + speedUp + " | "
                    + (s.peakHeapBytes() / (1024 * 1024)) + " | " + f1(s.cpuNanos() / 1e9) + " | "
                    + (s.phase().startsWith("apply") ? f1(100.0 * s.persistenceNanos() / s.wallNanos()) + "%" : "-")
                    + " | "
                    + s.serverThrottles() + " / " + s.surfaced() + " |");
        }
        out.add("");
        out.add("Latency " + latencyMs
                + " ms per call, server quotas enforced, client limits equal to them; engine heap limit "
                + (maxHeapBytes / (1024 * 1024)) + " MB; "
                + Runtime.getRuntime().availableProcessors() + " cores.");
        return String.join("\n", out) + "\n";
    }

    /** The sandbox case: each command as a user runs it, with the emulator in the same JVM. */
    public static String renderSandbox(List<SandboxSample> samples, long maxHeapBytes) {
        List<String> out = new ArrayList<>();
        out.add("| N | sandbox command | wall s | peak heap MB | CPU s |");
        out.add("|---:|---|---:|---:|---:|");
        for (SandboxSample s : samples) {
            out.add("| " + s.secrets() + " | " + s.command() + " | " + f1(s.wallSeconds()) + " | "
                    + (s.peakHeapBytes() / (1024 * 1024)) + " | " + f1(s.cpuNanos() / 1e9) + " |");
        }
        out.add("");
        out.add(
                "Sandbox mode: the embedded emulator in the same JVM (no added latency, no server quotas; client limits are "
                        + "the KMS quotas); heap limit " + (maxHeapBytes / (1024 * 1024)) + " MB for both; "
                        + Runtime.getRuntime().availableProcessors() + " cores.");
        return String.join("\n", out) + "\n";
    }

    private static String f1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String f2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
