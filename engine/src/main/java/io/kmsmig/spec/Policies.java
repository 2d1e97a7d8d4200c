package io.kmsmig.spec;

/**
 * What to do with secret types that cannot simply be re-created (the procedure's type table).
 *
 * @param instanceSecrets generic secrets inside a source KMS instance
 * @param ramSecrets      RAM secrets
 */
public record Policies(InstanceSecrets instanceSecrets, RamSecrets ramSecrets) {
    /** Generic secrets inside a KMS instance. */
    public enum InstanceSecrets {
        /** The instance's backup and restore: a manual step the plan explains and then detects. */
        BACKUP_RESTORE,
        /** Re-create through the API like secrets outside an instance. */
        RECREATE
    }

    /** RAM secrets. */
    public enum RamSecrets {
        /** Leave them; the plan says why. */
        SKIP,
        /** Delete in the source (recovery window), then create in the destination. */
        RECREATE
    }

    public static final Policies DEFAULT = new Policies(InstanceSecrets.BACKUP_RESTORE, RamSecrets.SKIP);
}
