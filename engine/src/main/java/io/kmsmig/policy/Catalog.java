package io.kmsmig.policy;

import static io.kmsmig.policy.Role.APPLY;
import static io.kmsmig.policy.Role.CUTOVER;
import static io.kmsmig.policy.Role.PLAN;
import static io.kmsmig.policy.Role.VERIFY;
import static io.kmsmig.policy.Scope.ANY_KEY;
import static io.kmsmig.policy.Scope.KEY;
import static io.kmsmig.policy.Scope.REGION;
import static io.kmsmig.policy.Scope.SECRETS;
import static io.kmsmig.policy.Scope.TRAIL;
import static io.kmsmig.policy.Side.DESTINATION;
import static io.kmsmig.policy.Side.SOURCE;
import static io.kmsmig.policy.When.ALWAYS;
import static io.kmsmig.policy.When.DELETE_SOURCE;
import static io.kmsmig.policy.When.RAM_RECREATE;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every RAM action kmsmig's roles need, the one source of {@code kmsmig policy} and of the README's RAM table.
 * PolicyCallsTest runs each role's commands against the emulator and fails when a call is missing here.
 *
 * <p>Sources: actions are {@code kms:<Api>} (KMS "Use RAM to control access", doc-detail/28953); CreateSecret
 * and PutSecretValue encrypt the value with the secret's key, so the caller needs {@code kms:GenerateDataKey} on it
 * (kms-openapi.md §3, W13); GetSecretValue of a secret under a user key needs {@code kms:Decrypt} on it (§7);
 * ActionTrail's LookupEvents is {@code actiontrail:LookupEvents} on {@code acs:actiontrail:<region>:<account>:*}
 * (doc-detail/103029); STS GetCallerIdentity needs no authorization (§19).
 */
public final class Catalog {
    private static final Set<Role> READERS = EnumSet.allOf(Role.class);
    /** Verify reads the secrets its state names: it lists nothing and needs no instance (PolicyCallsTest). */
    private static final Set<Role> PLANNERS = EnumSet.of(PLAN, APPLY, CUTOVER);

    private static final Set<Role> VALUES = EnumSet.of(VERIFY, APPLY, CUTOVER);
    private static final Set<Role> WRITERS = EnumSet.of(APPLY, CUTOVER);

    /** APIs kmsmig calls that need no RAM permission. */
    public static final Set<String> NO_PERMISSION = Set.of("GetCallerIdentity");

    static final List<Grant> GRANTS = List.of(
            // what plan reads, in both regions; apply and cutover plan again; verify reads the secrets its state names
            new Grant("kms:ListSecrets", SOURCE, REGION, ALWAYS, PLANNERS),
            new Grant("kms:DescribeSecret", SOURCE, SECRETS, ALWAYS, READERS),
            new Grant("kms:ListSecretVersionIds", SOURCE, SECRETS, ALWAYS, READERS),
            new Grant("kms:GetSecretPolicy", SOURCE, SECRETS, ALWAYS, READERS),
            new Grant("actiontrail:LookupEvents", SOURCE, TRAIL, DELETE_SOURCE, EnumSet.of(PLAN)),
            new Grant("actiontrail:LookupEvents", SOURCE, TRAIL, ALWAYS, EnumSet.of(CUTOVER)),
            new Grant("kms:ListSecrets", DESTINATION, REGION, ALWAYS, PLANNERS),
            new Grant("kms:DescribeSecret", DESTINATION, SECRETS, ALWAYS, READERS),
            new Grant("kms:ListSecretVersionIds", DESTINATION, SECRETS, ALWAYS, READERS),
            new Grant("kms:GetSecretPolicy", DESTINATION, SECRETS, ALWAYS, READERS),
            new Grant("kms:GetKmsInstance", DESTINATION, REGION, ALWAYS, PLANNERS),
            new Grant("kms:DescribeKey", DESTINATION, KEY, ALWAYS, READERS),
            // values: verify compares both regions; apply reads the source, and a destination secret it may adopt
            new Grant("kms:GetSecretValue", SOURCE, SECRETS, ALWAYS, VALUES),
            new Grant("kms:Decrypt", SOURCE, ANY_KEY, ALWAYS, VALUES),
            new Grant("kms:GetSecretValue", DESTINATION, SECRETS, ALWAYS, VALUES),
            new Grant("kms:Decrypt", DESTINATION, KEY, ALWAYS, VALUES),
            // writes in the destination
            new Grant("kms:CreateSecret", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:PutSecretValue", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:GenerateDataKey", DESTINATION, KEY, ALWAYS, WRITERS),
            new Grant("kms:UpdateSecretVersionStage", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:UpdateSecret", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:TagResources", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:UntagResources", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:SetSecretPolicy", DESTINATION, SECRETS, ALWAYS, WRITERS),
            new Grant("kms:UpdateSecretRotationPolicy", DESTINATION, SECRETS, ALWAYS, WRITERS),
            // the source: RAM secrets are deleted before they are re-created; apply withdraws a cutover by restoring
            new Grant("kms:DeleteSecret", SOURCE, SECRETS, RAM_RECREATE, EnumSet.of(APPLY)),
            new Grant("kms:RestoreSecret", SOURCE, SECRETS, ALWAYS, EnumSet.of(APPLY)),
            new Grant("kms:DeleteSecret", SOURCE, SECRETS, ALWAYS, EnumSet.of(CUTOVER)),
            new Grant("kms:RestoreSecret", SOURCE, SECRETS, RAM_RECREATE, EnumSet.of(CUTOVER)));

    private Catalog() {}

    /** The grants {@code role} needs, in catalog order. */
    static List<Grant> of(Role role) {
        return GRANTS.stream().filter(g -> g.roles().contains(role)).toList();
    }
}
