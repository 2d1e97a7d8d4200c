package io.kmsmig.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --parallelism N}, declared once for every command that works on secrets in parallel. */
final class ParallelismOption {
    /** The same bounds as the spec's execution.parallelism (schemas/migration-spec.v1.schema.json). */
    static final int MIN = 1;

    static final int MAX = 64;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            converter = Bounded.class,
            description = "Secrets worked on at once, 1 to 64. Default: the spec's execution.parallelism (bench: 16).")
    Integer parallelism;

    /** The option's value, or {@code dflt} when it was not given. */
    int or(int dflt) {
        return parallelism != null ? parallelism : dflt;
    }

    /** A whole number from {@link #MIN} to {@link #MAX}, else a usage error naming the range. */
    static final class Bounded implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int n;
            try {
                n = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                if (value.trim().matches("-[0-9]+")) {
                    throw new TypeConversionException("'" + value + "' is too small (at least " + MIN + ")");
                }
                if (value.trim().matches("\\+?[0-9]+")) {
                    throw new TypeConversionException("'" + value + "' is too large (at most " + MAX + ")");
                }
                throw new TypeConversionException("'" + value + "' is not a whole number; give 1 to " + MAX);
            }
            if (n < MIN || n > MAX) {
                throw new TypeConversionException(n + " is out of range; give " + MIN + " to " + MAX);
            }
            return n;
        }
    }
}
