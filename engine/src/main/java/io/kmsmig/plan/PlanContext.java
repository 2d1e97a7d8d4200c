package io.kmsmig.plan;

import io.kmsmig.snapshot.SecretSnapshot;
import io.kmsmig.snapshot.VersionSnapshot;
import io.kmsmig.spec.MigrationSpec;
import java.util.ArrayList;
import java.util.List;

/** What every planning step needs from the spec, and the shared ways of saying "conflict". */
final class PlanContext {
    private final MigrationSpec spec;
    private final String keyId;

    /** @param resolvedKeyId the destination key's id as DescribeKey answered (the spec may name an alias) */
    PlanContext(MigrationSpec spec, String resolvedKeyId) {
        this.spec = spec;
        this.keyId = resolvedKeyId;
    }

    MigrationSpec spec() {
        return spec;
    }

    String instanceId() {
        return spec.destination().kmsInstanceId();
    }

    String keyId() {
        return keyId;
    }

    String sourceRegion() {
        return spec.source().region();
    }

    String destinationRegion() {
        return spec.destination().region();
    }

    ActionList destinationActions(String destName) {
        return new ActionList(Side.DESTINATION, destinationRegion(), destName);
    }

    ActionList sourceActions(String sourceName) {
        return new ActionList(Side.SOURCE, sourceRegion(), sourceName);
    }

    SecretPlan conflict(SecretSnapshot src, String destName, String reason) {
        return new SecretPlan(
                src.name(),
                destName,
                src.metadata().type(),
                Disposition.CONFLICT,
                reason,
                rows(src, "?"),
                List.of(),
                List.of(),
                List.of(),
                src);
    }

    static List<VersionRow> rows(SecretSnapshot src, String destination) {
        List<VersionRow> rows = new ArrayList<>();
        for (VersionSnapshot v : src.versions()) {
            rows.add(new VersionRow(v.versionId(), v.createTime(), v.stages(), destination, "nothing"));
        }
        return rows;
    }

    /** Why an existing destination secret cannot be brought level, or null when it can. */
    String destinationProblem(SecretSnapshot src, SecretSnapshot dest) {
        var d = dest.metadata();
        String where = dest.name() + " in " + destinationRegion();
        if (!d.type().equals(src.metadata().type())) {
            return where + " is a " + d.type() + " secret, the source a "
                    + src.metadata().type() + " one. Delete it or map this secret to another name (secrets.rename).";
        }
        if (d.pendingDeletion()) {
            return where + " is pending deletion (planned for " + d.plannedDeleteTime() + "). Restore it with "
                    + "RestoreSecret, or wait until it is purged, then plan again.";
        }
        if (!instanceId().equals(d.kmsInstanceId())) {
            return where + " exists "
                    + (d.kmsInstanceId() == null ? "outside any KMS instance" : "in instance " + d.kmsInstanceId())
                    + ", not in " + instanceId() + " as the spec asks. Delete it, or map this "
                    + "secret to another name (secrets.rename).";
        }
        if (keyId != null && d.encryptionKeyId() != null && !keyId.equals(d.encryptionKeyId())) {
            return where + " is encrypted with " + d.encryptionKeyId() + ", not " + keyId + "; a secret's key cannot "
                    + "be changed. Delete it or map this secret to another name.";
        }
        return null;
    }
}
