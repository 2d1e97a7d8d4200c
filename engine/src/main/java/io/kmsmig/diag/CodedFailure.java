package io.kmsmig.diag;

/**
 * A failure of one secret's work that apply records and reports, then goes on with the others: a KMS call that failed
 * ({@code io.kmsmig.kms.KmsCallException}) or a reason kmsmig understands ({@code io.kmsmig.apply.ApplyFailure}). Its
 * message is kmsmig's own and holds no value; it has no cause and no stack trace, since {@code --debug} prints causes
 * and an SDK's text can repeat request URLs holding secret values.
 */
public abstract class CodedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CodedFailure(String message) {
        super(message, null, false, false);
    }

    /** What failed, as a code the state and events record. */
    public abstract FailureCode failureCode();
}
