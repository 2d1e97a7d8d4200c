package io.kmsmig.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code io.kmsmig.cli.Main} in a child JVM on the test class path with exactly the environment given (no
 * variable of this machine leaks in) and {@code user.home} pointed at a fake home: what credential providers read
 * from the process environment and home directory cannot be faked in-process.
 */
public final class ChildJvm {
    private ChildJvm() {}

    /** The exit code and everything printed. */
    public record Result(int exit, String output) {}

    public static Result run(Path cwd, Path home, Map<String, String> env, List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Duser.home=" + home));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.kmsmig.cli.Main"));
        cmd.addAll(List.of(args));
        Path log = cwd.resolve("child-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().put("HOME", home.toString());
        // Never let a credential chain under test reach for the ECS metadata service (100.100.100.200).
        pb.environment().put("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kmsmig " + String.join(" ", args) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
