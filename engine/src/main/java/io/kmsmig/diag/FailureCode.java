package io.kmsmig.diag;

/**
 * The code of a failed secret or call, as the state ({@code last_error_code}) and the events file record it: a KMS
 * error code ({@code io.kmsmig.kms.KmsCode}) or one of kmsmig's own ({@code io.kmsmig.apply.ApplyCode}).
 */
public interface FailureCode {
    /** The code as written to state and events, e.g. Rejected.ResourceExist or StagesDiverge. */
    String wire();
}
