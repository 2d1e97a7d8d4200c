package io.kmsmig.plan;

import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.state.SecretState;
import java.util.List;
import java.util.Optional;

/**
 * A generic secret inside a KMS instance moves with the instance's backup and restore (migration procedure,
 * "Migrate a generic secret in a KMS instance"): a manual step the plan explains. Once the restored secret is in
 * the destination and matches the source, it is in sync like the rest.
 */
final class BackupRestorePath {
    private BackupRestorePath() {}

    static SecretPlan plan(
            PlanContext ctx,
            GenericPath generic,
            SecretSnapshot s,
            String destName,
            Optional<SecretSnapshot> dest,
            Optional<SecretState> st) {
        String from = s.metadata().kmsInstanceId();
        if (dest.isPresent()) {
            SecretPlan compared = generic.plan(s, destName, dest, st, "");
            if (compared.disposition() == Disposition.IN_SYNC) {
                return new SecretPlan(
                        s.name(),
                        destName,
                        s.metadata().type(),
                        Disposition.IN_SYNC,
                        "restored from the backup of " + from + "; it matches the source",
                        compared.versions(),
                        List.of(),
                        List.of(),
                        List.of(),
                        s);
            }
        }
        List<String> steps = List.of(
                "1. In " + ctx.sourceRegion() + ", back up KMS instance " + from + " (KMS console > " + "Instances > "
                        + from + " > Backups).",
                "2. Restore the backup into instance " + ctx.instanceId() + " in " + ctx.destinationRegion() + ", so "
                        + s.name() + " appears there with its versions.",
                "3. Run kmsmig plan "
                        + "again: kmsmig detects the restored secret and marks it in-sync when it matches the source.");
        ActionList out = ctx.destinationActions(destName);
        out.add(
                new Payload.Manual(from, ctx.instanceId(), steps),
                "a secret inside a KMS instance is migrated with the instance's "
                        + "backup and restore, not re-created through the API");
        String reason = "generic secret inside KMS instance " + from + ": migrate it with backup and restore "
                + "(policies.instanceSecrets: backup-restore)"
                + (dest.isPresent() ? "; a destination secret exists but does not match the source yet" : "");
        return new SecretPlan(
                s.name(),
                destName,
                s.metadata().type(),
                Disposition.BACKUP_RESTORE,
                reason,
                PlanContext.rows(s, dest.isPresent() ? "differs" : "absent"),
                out.list(),
                List.of(),
                List.of(),
                s);
    }
}
