package io.kmsmig.apply;

/** A secret cannot be finished for a reason kmsmig understands; the message names the fix and holds no value. */
final class ApplyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final boolean keepsStatus;

    ApplyFailure(String code, String message) {
        this(code, message, false);
    }

    /** {@code keepsStatus}: nothing was written, so the secret keeps its status (only the error code is recorded). */
    ApplyFailure(String code, String message, boolean keepsStatus) {
        super(message, null, false, false);
        this.code = code;
        this.keepsStatus = keepsStatus;
    }

    boolean keepsStatus() {
        return keepsStatus;
    }

    String code() {
        return code;
    }
}
