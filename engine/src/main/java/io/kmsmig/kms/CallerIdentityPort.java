package io.kmsmig.kms;

/** STS GetCallerIdentity 2015-04-01 for one credential (kms-openapi.md §19): no RAM permission is needed to call it. */
public interface CallerIdentityPort {
    /** Who the credential behind this port is. */
    CallerIdentity callerIdentity();
}
