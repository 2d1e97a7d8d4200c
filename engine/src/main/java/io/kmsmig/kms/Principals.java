package io.kmsmig.kms;

import java.util.Locale;

/**
 * The principal strings calls are attributed to (kms-openapi.md §19): {@code acs:ram::<account>:user/<name>} for a
 * RAM user, {@code acs:ram::<account>:role/<role>} for an assumed role (the session dropped: it varies per run, as
 * does the STS key id), {@code acs:ram::<account>:root} for the account itself. Role names compare case-insensitively
 * (RAM writes them lower-case in assumed-role ARNs), so they are kept lower-case.
 */
public final class Principals {
    private Principals() {}

    /** The principal of a GetCallerIdentity or ActionTrail ARN; the ARN itself when its shape is unknown. */
    public static String fromArn(String arn) {
        if (arn == null || arn.isEmpty()) {
            return null;
        }
        int colon = arn.lastIndexOf(':');
        String prefix = arn.substring(0, colon + 1);
        String resource = arn.substring(colon + 1);
        if (resource.startsWith("assumed-role/")) {
            String rest = resource.substring("assumed-role/".length());
            int slash = rest.indexOf('/');
            return prefix + "role/" + (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
        }
        if (resource.startsWith("role/")) {
            return prefix + resource.toLowerCase(Locale.ROOT);
        }
        return arn;
    }

    /**
     * The principal of an ActionTrail event's {@code userIdentity}: its {@code arn} when present, else built from
     * its type, account and user name ({@code <role>:<session>} for an assumed role). Null when the event names no
     * principal (then only its access key id can attribute it).
     */
    public static String fromEvent(String type, String accountId, String userName, String arn) {
        if (arn != null && !arn.isEmpty()) {
            return fromArn(arn);
        }
        if (type == null || accountId == null || accountId.isEmpty()) {
            return null;
        }
        String base = "acs:ram::" + accountId + ":";
        return switch (type) {
            case "ram-user" -> userName == null || userName.isEmpty() ? null : base + "user/" + userName;
            case "assumed-role" ->
                userName == null || userName.isEmpty()
                        ? null
                        : base + "role/" + userName.split(":", 2)[0].toLowerCase(Locale.ROOT);
            case "root-account" -> base + "root";
            default -> null;
        };
    }
}
