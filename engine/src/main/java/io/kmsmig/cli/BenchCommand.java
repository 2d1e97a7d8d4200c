package io.kmsmig.cli;

import io.kmsmig.apply.Applier;
import io.kmsmig.apply.ApplyEvents;
import io.kmsmig.apply.ApplyResult;
import io.kmsmig.apply.Progress;
import io.kmsmig.bench.BenchTable;
import io.kmsmig.bench.BenchWorld;
import io.kmsmig.bench.EmulatorProcess;
import io.kmsmig.bench.EngineMeter;
import io.kmsmig.bench.Ideal;
import io.kmsmig.bench.Sample;
import io.kmsmig.bench.SandboxSample;
import io.kmsmig.kms.RateLimits;
import io.kmsmig.operation.PlanOperation;
import io.kmsmig.plan.Plan;
import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.SpecLoader;
import io.kmsmig.state.Journal;
import io.kmsmig.state.State;
import io.kmsmig.state.StateBackend;
import io.kmsmig.state.postgres.PgUrl;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kmsmig bench} (hidden): the benchmark harness. For each size it generates a world, serves it from the
 * emulator in a separate process with per-call latency and server-side quotas, then plans and applies with the
 * production code path, measuring wall time, calls, heap, CPU and persistence against the ideal time.
 */
@Command(
        name = "bench",
        hidden = true,
        description = {
            "Benchmark plan and apply against generated worlds and print the table (not part of mvn verify).",
            "",
            "Each size runs in a fresh emulator process that adds --latency-ms to every call and enforces the KMS",
            "quotas; client limits equal them. Sizes up to --serial-up-to also run at parallelism 1 for the speed-up.",
            "One unmeasured plan warms both JVMs first; then plan and apply are measured. Then the sandbox case: plan -o,",
            "show, apply and verify of --sandbox-size secrets as a user runs them, the emulator in this JVM.",
            "With --state-url the applies keep their state in PostgreSQL (rows 'apply (PostgreSQL state)'); a machine",
            "without a server runs an embedded one with the bench-pg Maven profile (README, Performance)."
        },
        footerHeading = "%nExample:%n",
        footer = {
            "  kmsmig bench --sizes 100,1000,10000",
            "  PGPASSWORD=... kmsmig bench --sizes 10000 --latency-bound 0 --sandbox-size 0 \\",
            "      --state-url postgresql://kmsmig@localhost:5432/kmsmig",
            "  (with the heap the targets assume: KMSMIG_JAVA_OPTS=-Xmx512m ./kmsmig bench)"
        })
final class BenchCommand implements Callable<Integer> {
    private final Cli cli;

    @Mixin
    HelpOption help;

    @Option(
            names = "--sizes",
            split = ",",
            paramLabel = "N",
            defaultValue = "100,1000,10000",
            description = "World sizes (source secrets); 0 alone: none (to run only the sandbox case).")
    List<Integer> sizes;

    @Mixin
    ParallelismOption parallelismOption;

    @Option(
            names = "--latency-ms",
            paramLabel = "MS",
            defaultValue = "10",
            description = "Latency added to every call.")
    long latencyMs;

    @Option(
            names = "--serial-up-to",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Also measure parallelism 1 for sizes up to this.")
    int serialUpTo;

    @Option(
            names = "--latency-bound",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Also plan N secrets at 5x the latency, at --parallelism and at 1: the case where latency, "
                    + "not quota, binds (0: skip).")
    int latencyBound;

    @Option(
            names = "--sandbox-size",
            paramLabel = "N",
            defaultValue = "10000",
            description =
                    "Also run plan -o, show, apply and verify of N secrets in sandbox mode, the emulator in this JVM "
                            + "(0: skip).")
    int sandboxSize;

    @Option(
            names = "--state-url",
            paramLabel = "URL",
            description = "Keep the apply's state in this PostgreSQL database instead of a file: a libpq URI "
                    + "(postgresql://USER@HOST:PORT/DB?sslmode=...), the password from PGPASSWORD. Each run takes a "
                    + "workspace of its own in --state-schema, emptied first.")
    String stateUrl;

    @Option(
            names = "--state-schema",
            paramLabel = "SCHEMA",
            defaultValue = "kmsmig_bench",
            description = "The schema of --state-url's tables (created when missing).")
    String stateSchema;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "Work here (default: a temporary directory, removed after).")
    Path dir;

    /** Bench's parallelism when --parallelism is not given. */
    static final int DEFAULT_PARALLELISM = 16;

    BenchCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        Path work = dir != null
                ? Files.createDirectories(cli.cwd().resolve(dir))
                : Files.createTempDirectory("kmsmig-bench");
        checkStateUrl();
        List<Sample> samples = new ArrayList<>();
        int parallelism = parallelismOption.or(DEFAULT_PARALLELISM);
        for (int n : sizes.stream().filter(x -> x > 0).toList()) {
            List<Integer> ps = n <= serialUpTo && parallelism != 1 ? List.of(parallelism, 1) : List.of(parallelism);
            for (int p : ps) {
                samples.addAll(run(work.resolve("n" + n + "-p" + p), n, p, latencyMs, true));
                cli.err().println("bench: N=" + n + " parallelism " + p + " done");
                cli.err().flush();
            }
        }
        if (latencyBound > 0) {
            for (int p : List.of(parallelism, 1)) {
                samples.add(run(work.resolve("latency-p" + p), latencyBound, p, latencyMs * 5, false)
                        .get(0));
                cli.err().println("bench: latency-bound plan N=" + latencyBound + " parallelism " + p + " done");
                cli.err().flush();
            }
        }
        if (!samples.isEmpty()) {
            cli.out()
                    .print(BenchTable.render(
                            samples, latencyMs, Runtime.getRuntime().maxMemory()));
            cli.out().println();
        }
        if (sandboxSize > 0) {
            List<SandboxSample> sandbox = sandbox(work.resolve("sandbox-n" + sandboxSize), sandboxSize, parallelism);
            cli.out()
                    .print(BenchTable.renderSandbox(
                            sandbox, Runtime.getRuntime().maxMemory()));
        }
        if (dir == null) {
            deleteTree(work);
        }
        return ExitCodes.OK;
    }

    /** Refuses a --state-url that is not a PostgreSQL URL, or holds a password, before anything runs. */
    private void checkStateUrl() {
        if (stateUrl != null) {
            try {
                PgUrl.parse(stateUrl);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--state-url " + e.getMessage(), e);
            }
        }
    }

    /**
     * The spec's state: the file, or --state-url's database (through the spec, as a user configures it), in a
     * workspace of the run's own.
     */
    private String stateYaml(String workspace) {
        return stateUrl == null
                ? "state: state.json"
                : "state: { backend: postgres, url: \"" + stateUrl + "\", schema: " + stateSchema + ", workspace: "
                        + workspace + " }";
    }

    private List<Sample> run(Path d, int n, int p, long latencyMs, boolean apply) throws IOException {
        Files.createDirectories(d);
        Path world = d.resolve("world.yaml");
        Files.writeString(world, BenchWorld.yaml(n));
        try (EmulatorProcess emu = EmulatorProcess.start(d, world)) {
            emu.faults(latencyMs);
            Files.writeString(d.resolve("spec.yaml"), spec(emu, p, stateYaml("n" + n + "-p" + p)));
            Map<String, String> env = new HashMap<>(cli.env());
            env.put("BENCH_AK_ID", "LTAIbenchMigrator");
            env.put("BENCH_AK_SECRET", "bench-migrator-secret");
            PrintWriter quiet = new PrintWriter(Writer.nullWriter());
            Cli bench = new Cli(quiet, quiet, d, Map.copyOf(env), cli.clock(), false, cli.stdin(), cli.signals());
            MigrationSpec s = new SpecLoader(d).load(d.resolve("spec.yaml"));
            RateLimits limits = new RateLimits(s.execution().rateLimits());
            List<Sample> out = new ArrayList<>();
            StateBackend backend = StateBackends.of(bench, s, "SPEC");
            backend.reset(); // the run's own workspace (or a fresh directory's file): nothing left from an earlier run
            try (Workspace ws = Workspace.open(bench, s, p)) {
                // unmeasured warm-up of both JVMs (plan only reads)
                PlanOperation.plan(
                        s, ws.connections(), p, Set.of(), backend.read(s.name()).state(), cli.clock());
            }
            Plan plan;
            try (Workspace ws = Workspace.open(bench, s, p)) {
                long throttles0 = emu.serverThrottles();
                var meter = EngineMeter.start();
                long t0 = System.nanoTime();
                plan = PlanOperation.plan(
                        s, ws.connections(), p, Set.of(), backend.read(s.name()).state(), cli.clock());
                long wall = System.nanoTime() - t0;
                Map<String, Long> calls = ws.connections().meter().byAction();
                out.add(new Sample(
                        n,
                        "plan",
                        p,
                        latencyMs,
                        wall,
                        calls,
                        emu.serverThrottles() - throttles0,
                        ws.connections().meter().surfacedThrottles(),
                        meter.peakHeapBytes(),
                        meter.cpuNanos(),
                        0,
                        Ideal.of(ws.connections().meter().byCall(), (double) latencyMs, p, limits::qps)));
            }
            if (!apply) {
                return out;
            }
            try (Workspace ws = Workspace.open(bench, s, p);
                    ApplyEvents events = new ApplyEvents(null)) {
                State before = backend.read(s.name()).state();
                long throttles0 = emu.serverThrottles();
                var meter = EngineMeter.start();
                long t0 = System.nanoTime();
                ApplyResult r;
                long persistence;
                try (Journal journal = backend.openJournal(before, s.sha256())) {
                    r = new Applier(
                                    s,
                                    ws.connections(),
                                    journal,
                                    new Applier.Options(p, Progress.NONE, events, cli.clock(), null))
                            .apply(plan, null);
                    journal.compact();
                    persistence = journal.persistenceNanos(); // the fold included, as the wall time includes it
                }
                long wall = System.nanoTime() - t0;
                if (r.failed()) {
                    throw new IllegalStateException(
                            "the benchmark apply failed for " + r.failures().size() + " secrets: "
                                    + r.failures().values().iterator().next());
                }
                Map<String, Long> calls = ws.connections().meter().byAction();
                out.add(new Sample(
                        n,
                        stateUrl == null ? "apply" : "apply (PostgreSQL state)",
                        p,
                        latencyMs,
                        wall,
                        calls,
                        emu.serverThrottles() - throttles0,
                        r.throttled(),
                        meter.peakHeapBytes(),
                        meter.cpuNanos(),
                        persistence,
                        Ideal.of(ws.connections().meter().byCall(), (double) latencyMs, p, limits::qps)));
            }
            return out;
        }
    }

    /** The sandbox case: the commands a user runs, in this JVM through {@link Main#run}, one measured at a time. */
    private List<SandboxSample> sandbox(Path d, int n, int parallelism) throws IOException {
        Files.createDirectories(d);
        Files.writeString(d.resolve("world.yaml"), BenchWorld.yaml(n));
        Files.writeString(
                d.resolve("spec.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: bench-sandbox",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-sh-bench, encryptionKeyId: key-sh-bench }",
                        "policies: { instanceSecrets: backup-restore, ramSecrets: skip }",
                        "execution: { parallelism: " + parallelism + " }",
                        "state: state.json",
                        "sandbox: { world: world.yaml, data: sandbox/world.json }",
                        ""));
        List<SandboxSample> out = new ArrayList<>();
        out.add(sandboxCommand(d, n, "plan -o", "plan", "-f", "spec.yaml", "-o", "plan.json"));
        out.add(sandboxCommand(d, n, "show", "show", "plan.json"));
        out.add(sandboxCommand(d, n, "apply", "apply", "-f", "spec.yaml", "plan.json", "--auto-approve"));
        out.add(sandboxCommand(d, n, "verify", "verify", "-f", "spec.yaml"));
        return out;
    }

    private SandboxSample sandboxCommand(Path d, int n, String label, String... args) {
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        StringWriter errors = new StringWriter();
        Cli run = new Cli(quiet, new PrintWriter(errors), d, cli.env(), cli.clock(), false, cli.stdin(), cli.signals());
        var meter = EngineMeter.start();
        long t0 = System.nanoTime();
        int code = Main.run(run, args);
        long wall = System.nanoTime() - t0;
        if (code != ExitCodes.OK) {
            throw new IllegalStateException("the sandbox benchmark's " + label + " exited " + code + ": " + errors);
        }
        SandboxSample sample = new SandboxSample(n, label, wall, meter.peakHeapBytes(), meter.cpuNanos());
        // The row as soon as it is measured: a long sandbox apply should not hide the figures before it.
        cli.err()
                .println("bench: sandbox N=" + n + " " + label + " done: "
                        + String.format(
                                Locale.ROOT,
                                "%.1f s, peak heap %d MB, CPU %.1f s",
                                sample.wallSeconds(),
                                sample.peakHeapBytes() >> 20,
                                sample.cpuNanos() / 1e9));
        cli.err().flush();
        return sample;
    }

    private static String spec(EmulatorProcess emu, int p, String state) {
        String creds = "  credentials: { env: { accessKeyId: BENCH_AK_ID, accessKeySecret: BENCH_AK_SECRET } }";
        return String.join(
                "\n",
                "version: 1",
                "name: bench",
                "source:",
                "  region: cn-hangzhou",
                "  endpoint: " + emu.regionEndpoint("cn-hangzhou"),
                "  actionTrailEndpoint: " + emu.actionTrailEndpoint("cn-hangzhou"),
                "  stsEndpoint: " + emu.stsEndpoint(),
                "  caCert: " + emu.caCertFile(),
                creds,
                "destination:",
                "  region: cn-shanghai",
                "  endpoint: " + emu.regionEndpoint("cn-shanghai"),
                "  kmsInstanceId: kst-sh-bench",
                "  encryptionKeyId: key-sh-bench",
                "  stsEndpoint: " + emu.stsEndpoint(),
                "  caCert: " + emu.caCertFile(),
                creds,
                "policies: { instanceSecrets: backup-restore, ramSecrets: skip }",
                "execution: { parallelism: " + p + " }",
                state,
                "");
    }

    private static void deleteTree(Path root) throws IOException {
        try (var all = Files.walk(root)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
