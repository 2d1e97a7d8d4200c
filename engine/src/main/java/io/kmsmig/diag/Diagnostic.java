package io.kmsmig.diag;

import io.kmsmig.formats.Position;
import java.util.Comparator;

/**
 * One problem found in an input file.
 *
 * @param severity  error or warning
 * @param file      the file as the user named it
 * @param position  line and column, or null when the file could not be positioned
 * @param fieldPath dotted field path like {@code cutover.recoveryWindowDays}, or {@code (document)}
 * @param message   what is wrong and what is expected
 */
public record Diagnostic(Severity severity, String file, Position position, String fieldPath, String message) {
    /** How bad it is. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public static final Comparator<Diagnostic> ORDER = Comparator.comparing(
                    (Diagnostic d) -> d.position() == null ? 0 : d.position().line())
            .thenComparing(d -> d.position() == null ? 0 : d.position().column())
            .thenComparing(Diagnostic::fieldPath)
            .thenComparing(Diagnostic::message);

    public static Diagnostic error(String file, Position position, String fieldPath, String message) {
        return new Diagnostic(Severity.ERROR, file, position, fieldPath, message);
    }

    /** {@code file:line:col: error: field: message}, the format editors and CI annotators parse. */
    public String render() {
        String where = position == null ? file : file + ":" + position.line() + ":" + position.column();
        String sev = severity == Severity.ERROR ? "error" : "warning";
        return where + ": " + sev + ": " + fieldPath + ": " + message;
    }
}
