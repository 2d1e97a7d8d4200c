package io.kmsmig.plan;

import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.spec.Policies;
import io.kmsmig.state.SecretState;
import java.util.List;
import java.util.Optional;

/**
 * RAM secrets cannot be migrated: KMS keeps one RAM secret per RAM user, so the only way is to delete it in the
 * source and create it in the destination (migration procedure, "RAM secret"). Only when the spec opts in.
 */
final class RamPath {
    static final String ACCESS_KEY_WARNING = "Deleting a RAM secret does not delete the RAM user's AccessKey pair.";

    private RamPath() {
    }

    static SecretPlan plan(PlanContext ctx, SecretSnapshot s, String destName, Optional<SecretSnapshot> dest,
                           Optional<SecretState> st) {
        String src = ctx.sourceRegion();
        String dst = ctx.destinationRegion();
        if (ctx.spec().policies().ramSecrets() == Policies.RamSecrets.SKIP) {
            return new SecretPlan(s.name(), destName, s.metadata().type(), Disposition.SKIPPED, "RAM secrets cannot be "
                    + "migrated, only deleted and re-created. Set policies.ramSecrets: recreate to delete it in " + src
                    + " (restorable for " + ctx.spec().cutover().recoveryWindowDays() + " days) and create it in " + dst
                    + ". " + ACCESS_KEY_WARNING, PlanContext.rows(s, "-"), List.of(), List.of(), List.of(), s);
        }
        if (dest.isPresent()) {
            String problem = ctx.destinationProblem(s, dest.get());
            if (problem != null) {
                return ctx.conflict(s, destName, problem);
            }
            return new SecretPlan(s.name(), destName, s.metadata().type(), Disposition.CONFLICT, "a RAM secret for this "
                    + "user already exists in " + dst + " while the source one is still in use in " + src + "; KMS keeps "
                    + "one RAM secret per user. Delete one of them, then plan again.",
                    PlanContext.rows(s, "present"), List.of(), List.of(), List.of(), s);
        }
        int window = ctx.spec().cutover().recoveryWindowDays();
        ActionList out = ctx.sourceActions(s.name());
        out.add(Payload.Delete.withWindow(window),
                "KMS keeps one RAM secret per RAM user, so the source one goes first; it stays restorable for "
                        + window + " days. " + ACCESS_KEY_WARNING);
        out.addOn(Side.DESTINATION, dst, destName, new Payload.CreateRam(ctx.instanceId(), ctx.keyId()), "created with the "
                + "same name, type and extended config; its value is read from the source before the deletion and never stored. If this fails, the source is restored.");
        List<Warning> warnings = ctx.spec().selection().renames() ? List.of(Warning.note("RAM secret names are generated "
                + "by KMS (acs/ram/user/<user>); secrets.rename does not apply to them.")) : List.of();
        return new SecretPlan(s.name(), destName, s.metadata().type(), Disposition.DELETE_AND_RECREATE,
                "RAM secret (policies.ramSecrets: recreate): deleted in " + src + ", then created in " + dst + ". "
                        + ACCESS_KEY_WARNING, PlanContext.rows(s, "absent"), out.list(), List.of(), warnings, s);
    }
}
