package io.kmsmig.emulator.faults;

/** What to do with one incoming call, decided before the KMS rules run. */
public sealed interface Decision {
    /** Serve it normally. */
    record Proceed() implements Decision {
    }

    /** Answer 429 Rejected.Throttling (reference kms-openapi.md §16). */
    record Throttle() implements Decision {
    }

    /** Answer 500 InternalFailure or 503 ServiceUnavailableTemporary (§2.1). */
    record Fail(int status) implements Decision {
    }

    /** Close the connection without answering. */
    record Drop() implements Decision {
    }

    Decision PROCEED = new Proceed();
}
