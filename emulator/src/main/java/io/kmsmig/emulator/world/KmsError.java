package io.kmsmig.emulator.world;

/**
 * A KMS error answer: HTTP status, error code and message, as in reference §2 (kms-openapi.md).
 * Messages never contain secret values.
 */
public final class KmsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public KmsError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    // §2.1 / §2.2 codes and statuses.
    public static KmsError notFound(String what) {
        return new KmsError(404, "Forbidden.ResourceNotFound", "The resource is not found. " + what);
    }

    public static KmsError keyNotFound(String keyId) {
        return new KmsError(404, "Forbidden.KeyNotFound", "The specified Key is not found: " + keyId);
    }

    public static KmsError missing(String param) {
        return new KmsError(400, "MissingParameter", "The parameter \"" + param + "\" is needed but not provided.");
    }

    public static KmsError invalid(String param, String why) {
        return new KmsError(400, "InvalidParameter", "The specified parameter \"" + param + "\" is not valid: " + why);
    }

    public static KmsError exists(String name) {
        return new KmsError(409, "Rejected.ResourceExist", "The resource already exists: " + name);
    }

    public static KmsError inDeleteWindow(String name) {
        return new KmsError(409, "Rejected.ResourceInDeleteWindow", "The secret is planned to be deleted: " + name);
    }

    public static KmsError inUse(String name) {
        return new KmsError(409, "Rejected.ResourceInUse", "restore normal secret: " + name);
    }

    public static KmsError limitExceeded(String what) {
        return new KmsError(400, "Rejected.LimitExceeded", "The request was rejected because " + what);
    }

    public static KmsError throttled() {
        return new KmsError(429, "Rejected.Throttling", "QPS Limit Exceeded");
    }

    public static KmsError unsupported(String what) {
        return new KmsError(400, "InvalidParameter", "The operation is not supported: " + what);
    }
}
