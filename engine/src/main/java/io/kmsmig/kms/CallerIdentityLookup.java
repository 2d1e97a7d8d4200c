package io.kmsmig.kms;

import java.util.Optional;

/** One credential's caller identity, asked on first use and remembered, with why it is unknown when STS failed. */
final class CallerIdentityLookup {
    private final CallerIdentityPort port;
    private final String label;
    private boolean asked;
    private CallerIdentity identity;
    private String problem;

    CallerIdentityLookup(CallerIdentityPort port, String label) {
        this.port = port;
        this.label = label;
    }

    synchronized Optional<CallerIdentity> get() {
        if (!asked) {
            asked = true;
            try {
                identity = port.callerIdentity();
            } catch (RuntimeException e) {
                // No secret can be in it: GetCallerIdentity sends none and answers none.
                problem = "the " + label + " credentials' identity is unknown (STS GetCallerIdentity failed: "
                        + e.getMessage() + "); their calls are recognised by access key id only";
            }
        }
        return Optional.ofNullable(identity);
    }

    synchronized String problem() {
        return problem;
    }
}
