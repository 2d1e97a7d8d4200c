package io.kmsmig.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The emulator in its own JVM ({@code kmsmig emulator}), so the benchmark measures the engine's heap and CPU alone.
 * Faults (latency, quotas) are set through its admin API.
 */
public final class EmulatorProcess implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final Process process;
    private final JsonNode info;

    /** Stops the emulator when kmsmig is stopped (Ctrl-C, SIGTERM) before {@link #close}. */
    private final Thread stopOnExit;

    private EmulatorProcess(Process process, JsonNode info, Thread stopOnExit) {
        this.process = process;
        this.info = info;
        this.stopOnExit = stopOnExit;
    }

    /**
     * The class path with each entry made absolute: the emulator starts in another directory, where a relative entry
     * ({@code java -jar engine/target/kmsmig.jar bench}) would name nothing.
     */
    static String absoluteClassPath(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A shutdown hook, registered, that stops {@code p}. */
    private static Thread stopOnExit(Process p) {
        Thread hook = new Thread(p::destroy, "kmsmig-bench-emulator-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** {@code p} (started, its info read) with the shutdown hook that stops it. */
    static EmulatorProcess attach(Process p, JsonNode info) {
        return new EmulatorProcess(p, info, stopOnExit(p));
    }

    /** Whether a stop of this JVM stops the emulator too (until {@link #close} has). */
    boolean stopsWithThisJvm() {
        boolean registered = Runtime.getRuntime().removeShutdownHook(stopOnExit);
        if (registered) {
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
        return registered;
    }

    /** Starts {@code kmsmig emulator} on {@code world} in {@code dir} and waits for its info file. */
    public static EmulatorProcess start(Path dir, Path world) {
        Path infoFile = dir.resolve("emulator-info.json");
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-cp",
                absoluteClassPath(System.getProperty("java.class.path")),
                "io.kmsmig.cli.Main",
                "emulator",
                "--world",
                world.toString(),
                "--info",
                infoFile.toString());
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("emulator.log").toFile())
                    .start();
            Thread stopOnExit = stopOnExit(p);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(infoFile) || Files.size(infoFile) == 0) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    Runtime.getRuntime().removeShutdownHook(stopOnExit);
                    throw new IllegalStateException("the emulator did not start; see " + dir.resolve("emulator.log"));
                }
                Thread.sleep(100);
            }
            Thread.sleep(200); // the info file is written in one go; let the write finish
            return new EmulatorProcess(p, JSON.readTree(Files.readAllBytes(infoFile)), stopOnExit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String regionEndpoint(String region) {
        return info.at("/regions/" + region + "/endpoint").asString();
    }

    public String actionTrailEndpoint(String region) {
        return info.at("/actiontrail/" + region + "/endpoint").asString();
    }

    /** The emulator's STS endpoint (GetCallerIdentity). */
    public String stsEndpoint() {
        return info.at("/sts/endpoint").asString();
    }

    public String caCertFile() {
        return info.get("caCertFile").asString();
    }

    /** Every call answered with this much added latency, and the server-side QPS quotas enforced. */
    public void faults(long latencyMs) {
        admin("POST", "/faults", "{\"latencyMs\": " + latencyMs + ", \"quotas\": true}");
    }

    /** How many calls the server answered with Rejected.Throttling since start. */
    public long serverThrottles() {
        return JSON.readTree(admin("GET", "/calls", null))
                .at("/codes/Rejected.Throttling")
                .asLong(0);
    }

    private String admin(String method, String path, String body) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(info.get("admin").asString() + path))
                    .header("Authorization", "Bearer " + info.get("adminToken").asString())
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> resp = HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("emulator admin " + path + ": " + resp.statusCode());
            }
            return resp.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it stops the process too
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
