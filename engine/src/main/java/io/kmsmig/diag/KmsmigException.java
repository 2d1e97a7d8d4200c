package io.kmsmig.diag;

import java.util.List;

/**
 * The one exception kmsmig throws on purpose. Its message is for people: what happened, the values involved,
 * and what to do next. Diagnostics, when present, list every problem found in an input file.
 */
public class KmsmigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient List<Diagnostic> diagnostics;

    public KmsmigException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public KmsmigException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public KmsmigException(ErrorCode code, String message, List<Diagnostic> diagnostics) {
        this(code, message, diagnostics, null);
    }

    public KmsmigException(ErrorCode code, String message, List<Diagnostic> diagnostics, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
