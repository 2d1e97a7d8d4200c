package io.kmsmig.diag;

/** Every way kmsmig can fail, with the process exit code it maps to. */
public enum ErrorCode {
    /** Bad command line: unknown option, missing argument. */
    USAGE(64),
    /** The spec file is missing, unreadable or invalid. */
    SPEC_INVALID(1),
    /** A saved plan file is unreadable, edited, or of a newer format. */
    PLAN_INVALID(1),
    /** The saved plan no longer matches the source, the state or the spec. */
    PLAN_STALE(1),
    /** The plan holds conflicts that need a person. */
    PLAN_CONFLICT(1),
    /** A --target names no secret the plan could act on. */
    TARGET_UNKNOWN(1),
    /** An output path names one of the files kmsmig keeps for the spec (state, journal, spec, sandbox world). */
    OUTPUT_REFUSED(1),
    /** A preflight check failed (instance, key, credentials, names, limits). */
    PREFLIGHT_FAILED(1),
    /** The state file is unreadable, truncated, or of another lineage. */
    STATE_INVALID(1),
    /** Another kmsmig holds the state lock. */
    STATE_LOCKED(1),
    /** Credentials could not be found or were refused. */
    CREDENTIALS(1),
    /** A KMS call failed and was not retried further. */
    KMS_CALL_FAILED(1),
    /** Apply finished with failed secrets. */
    APPLY_FAILED(1),
    /** Verify found differences. */
    VERIFY_FAILED(1),
    /** Apply needs approval and there is no terminal to ask on. */
    NEEDS_APPROVAL(1),
    /** Ctrl-C. */
    INTERRUPTED(130),
    /** A bug in kmsmig. */
    INTERNAL(1);

    private final int exitCode;

    ErrorCode(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
