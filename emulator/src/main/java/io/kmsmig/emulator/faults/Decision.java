package io.kmsmig.emulator.faults;

import io.kmsmig.emulator.world.KmsError;

/** What to do with one incoming call, decided before the KMS rules run. */
public sealed interface Decision {
    /** Serve it normally. */
    record Proceed() implements Decision {}

    /** Answer 429 Rejected.Throttling (reference kms-openapi.md §16). */
    record Throttle() implements Decision {}

    /** Answer 500 InternalFailure or 503 ServiceUnavailableTemporary (§2.1). */
    record Fail(int status) implements Decision {
        /** The OpenAPI error answered for this failure: 500, 403 or (any other status) 503. */
        public KmsError error() {
            return switch (status) {
                case 500 -> new KmsError(500, "InternalFailure", "Internal Failure.");
                case 403 ->
                    new KmsError(403, "Forbidden.NoPermission", "This operation is forbidden by permission system.");
                default -> new KmsError(503, "ServiceUnavailableTemporary", "Service Unavailable Temporary.");
            };
        }
    }

    /** Close the connection without answering. */
    record Drop() implements Decision {}

    Decision PROCEED = new Proceed();
}
