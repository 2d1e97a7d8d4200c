package io.kmsmig.kms;

import java.util.Locale;

/**
 * Who a credential is, as STS GetCallerIdentity answers it (kms-openapi.md §19), reduced to what outlives one key:
 * the principal. A RAM user's principal is its user ARN whatever access key it signs with; an assumed role's is the
 * role's ARN, whatever session name and rotating STS key id a run gets.
 *
 * @param accountId    the account
 * @param identityType {@code RAMUser}, {@code AssumedRoleUser} or {@code Account}
 * @param arn          the caller's ARN as STS answers it (an assumed role's includes the session)
 * @param principal    the principal this identity stands for ({@link Principals})
 */
public record CallerIdentity(String accountId, String identityType, String arn, String principal) {
    /** From a GetCallerIdentity answer; the principal is derived from the ARN. */
    public static CallerIdentity of(String accountId, String identityType, String arn) {
        return new CallerIdentity(accountId, identityType, arn, Principals.fromArn(arn));
    }

    /** "RAM user acs:ram::123:user/migrator", the way messages name it. */
    public String describe() {
        return switch (identityType == null ? "" : identityType.toLowerCase(Locale.ROOT)) {
            case "ramuser" -> "RAM user " + arn;
            case "assumedroleuser" -> "role " + principal + " (session " + arn + ")";
            case "account" -> "account root " + arn;
            default -> arn;
        };
    }
}
