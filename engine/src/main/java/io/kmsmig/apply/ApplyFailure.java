package io.kmsmig.apply;

import io.kmsmig.diag.CodedFailure;
import io.kmsmig.diag.FailureCode;

/** A secret cannot be finished for a reason kmsmig understands; the message names the fix and holds no value. */
final class ApplyFailure extends CodedFailure {
    private static final long serialVersionUID = 1L;
    private final transient FailureCode code;
    private final boolean keepsStatus;

    ApplyFailure(FailureCode code, String message) {
        this(code, message, false);
    }

    /** {@code keepsStatus}: nothing was written, so the secret keeps its status (only the error code is recorded). */
    ApplyFailure(FailureCode code, String message, boolean keepsStatus) {
        super(message);
        this.code = code;
        this.keepsStatus = keepsStatus;
    }

    boolean keepsStatus() {
        return keepsStatus;
    }

    @Override
    public FailureCode failureCode() {
        return code;
    }
}
