package io.kmsmig.it;

import io.kmsmig.support.KmsmigJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built kmsmig jar as a real child process (integration tests run after packaging). */
final class ChildKmsmig {
    private ChildKmsmig() {}

    static Process start(Path cwd, Map<String, String> env, Path log, String... args) {
        return start(List.of(), cwd, env, log, args);
    }

    /** Starts kmsmig with extra JVM options first (a heap limit, for example). */
    static Process start(List<String> jvmOptions, Path cwd, Map<String, String> env, Path log, String... args) {
        // A command started in the background by a non-interactive shell (a CI runner, `mvn verify &`) inherits SIGINT
        // ignored, and the JVM keeps an ignored SIGINT ignored: Ctrl-C tests would then test nothing. GNU env puts
        // SIGINT back to its default for the child, as a terminal user's kmsmig has it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT", KmsmigJar.java()));
        cmd.addAll(KmsmigJar.options());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", KmsmigJar.JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to completion and returns the exit code. */
    static int run(Path cwd, Map<String, String> env, Path log, String... args) throws InterruptedException {
        return run(List.of(), cwd, env, log, args);
    }

    /** Runs to completion with extra JVM options and returns the exit code. */
    static int run(List<String> jvmOptions, Path cwd, Map<String, String> env, Path log, String... args)
            throws InterruptedException {
        Process p = start(jvmOptions, cwd, env, log, args);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kmsmig " + String.join(" ", args) + " did not finish");
        }
        return p.exitValue();
    }
}
