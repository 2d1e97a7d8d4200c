package io.kmsmig.cli;

import io.kmsmig.spec.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one converter for duration options ({@code 30s}, {@code 5m}, {@code 36h}, {@code 7d}): picocli reports a bad
 * value as a usage error (exit 64) naming the option, before the command runs.
 */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        try {
            return Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
