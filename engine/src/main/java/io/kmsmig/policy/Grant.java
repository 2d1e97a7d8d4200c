package io.kmsmig.policy;

import java.util.EnumSet;
import java.util.Set;

/**
 * One row of the {@link Catalog}: the roles that need {@code action} in one region, on what, and when.
 *
 * @param action RAM action, {@code kms:<Api>} or {@code actiontrail:<Api>}
 * @param side   the region it is called in
 * @param scope  the resources it acts on
 * @param when   the spec setting that makes it necessary
 * @param roles  the roles that need it
 */
record Grant(String action, Side side, Scope scope, When when, Set<Role> roles) {
    Grant {
        roles = Set.copyOf(EnumSet.copyOf(roles));
    }

    /** The API name without the service prefix, as the emulator's call log and ActionTrail name it. */
    String api() {
        return action.substring(action.indexOf(':') + 1);
    }
}
