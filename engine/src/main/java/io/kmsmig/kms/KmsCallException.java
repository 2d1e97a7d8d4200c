package io.kmsmig.kms;

import io.kmsmig.diag.CodedFailure;

/**
 * A failed KMS, ActionTrail or gateway call. Its message is written by kmsmig (action, region, code and a
 * hint) and never copied from the SDK, whose messages can repeat request URLs holding secret values. It never
 * has a cause, for the same reason: {@code --debug} prints causes.
 */
public final class KmsCallException extends CodedFailure {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, which decides whether it is retried. */
    public enum Kind {
        /** 429 Rejected.Throttling: retried. */
        THROTTLED,
        /** 5xx: retried. */
        SERVER,
        /** No answer: refused, reset, timeout, dropped: retried. */
        NETWORK,
        /** TLS handshake or certificate failure: not retried. */
        TLS,
        /** Credentials or signature refused: not retried. */
        AUTH,
        /** Not found (404): not retried; callers often expect it. */
        NOT_FOUND,
        /** Any other 4xx: not retried. */
        CLIENT
    }

    private final String action;
    private final String code;
    private final Kind kind;
    private final String requestId;

    public KmsCallException(String action, String code, Kind kind, String requestId, String message) {
        super(message);
        this.action = action;
        this.code = code;
        this.kind = kind;
        this.requestId = requestId;
    }

    public String action() {
        return action;
    }

    /** The KMS error code, e.g. Rejected.ResourceExist, or SDK.ServerUnreachable for transport failures. */
    public String code() {
        return code;
    }

    @Override
    public KmsCode failureCode() {
        return new KmsCode(code);
    }

    /** Whether KMS answered with {@code c}. */
    public boolean is(KmsCode c) {
        return c.wire().equals(code);
    }

    public Kind kind() {
        return kind;
    }

    public String requestId() {
        return requestId;
    }

    public boolean retryable() {
        return kind == Kind.THROTTLED || kind == Kind.SERVER || kind == Kind.NETWORK;
    }

    public boolean notFound() {
        return kind == Kind.NOT_FOUND;
    }
}
