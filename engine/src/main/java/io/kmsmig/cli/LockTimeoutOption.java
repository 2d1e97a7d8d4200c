package io.kmsmig.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --lock-timeout}, declared once for every command that takes the state lock and may wait for it. */
final class LockTimeoutOption {
    @Option(
            names = "--lock-timeout",
            paramLabel = "DURATION",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Wait this long for the state lock (e.g. 30s, 5m). Default: fail at once.")
    Duration lockTimeout;

    Duration get() {
        return lockTimeout;
    }
}
