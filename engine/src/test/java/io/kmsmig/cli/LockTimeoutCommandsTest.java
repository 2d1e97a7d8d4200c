package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.scenarios.Scenario;
import io.kmsmig.state.StateLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command that takes the state lock tells a user who finds it held to "pass --lock-timeout": each of them
 * accepts that option and waits with it ({@code state repair} and {@code sandbox reset} refused it as unknown).
 */
class LockTimeoutCommandsTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"plan", "apply --auto-approve", "verify", "state repair", "sandbox reset"})
    void aCommandThatSaysPassLockTimeout_acceptsIt(String command) {
        Path work = Scenario.named("seed-example").workdir(tmp);
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("-f", "spec.yaml"));
        // given: the state lock held by another command
        CliRun.Result locked;
        try (StateLock held =
                StateLock.acquire(work.resolve("state.json"), "apply", "1.2.3", Duration.ZERO, Clock.systemUTC())) {
            // when: the command runs without waiting
            locked = new CliRun(work).run(args.toArray(String[]::new));
        }
        // then: it says to pass --lock-timeout, and it takes that option (and runs, the lock being free)
        assertEquals(1, locked.exit(), locked.all());
        assertTrue(locked.err().contains("pass --lock-timeout"), locked.err());
        args.addAll(List.of("--lock-timeout", "5s"));
        CliRun.Result waited = new CliRun(work).run(args.toArray(String[]::new));
        assertTrue(waited.exit() != 64 && !waited.err().contains("Unknown option"), waited.all());
    }
}
