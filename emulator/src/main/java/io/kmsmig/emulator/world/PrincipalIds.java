package io.kmsmig.emulator.world;

/**
 * Stable numeric ids for the account's RAM users and roles, the way GetCallerIdentity ({@code UserId},
 * {@code RoleId}) and ActionTrail ({@code userIdentity.principalId}) show them (kms-openapi.md §19): the same name
 * always gets the same id, so the two agree without a table.
 */
public final class PrincipalIds {
    private PrincipalIds() {}

    /** The id of {@code user/<name>} or {@code role/<name>} in {@code account}. */
    public static String of(String account, String name) {
        long h = 1125899906842597L;
        for (char c : (account + "/" + name).toCharArray()) {
            h = 31 * h + c;
        }
        return String.valueOf(200000000000000000L + Math.floorMod(h, 100000000000000000L));
    }
}
