package io.kmsmig.apply;

/** A secret cannot be finished for a reason kmsmig understands; the message names the fix and holds no value. */
final class ApplyFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;

    ApplyFailure(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    String code() {
        return code;
    }
}
