package io.kmsmig.plan;

/**
 * What happens to one selected secret: the procedure's type table plus the states of a secret over time.
 * Knows its glyph, its wire name, and whether it needs anything done.
 */
public enum Disposition {
    /** Generic outside a KMS instance (or inside, with instanceSecrets: recreate): re-created through the API. */
    RECREATE("+", "recreate"),
    /** Already migrated, and the source changed since (allowed before cutover): new versions appended, labels moved. */
    UPDATE("~", "update"),
    /** The destination changed outside kmsmig: corrective actions. */
    DRIFT("~", "drift"),
    /** Generic inside a KMS instance: the instance's backup and restore, a manual step. */
    BACKUP_RESTORE("!", "backup-restore"),
    /** RAM secret with ramSecrets: recreate: deleted in the source, then created in the destination. */
    DELETE_AND_RECREATE("-/+", "delete-and-recreate"),
    /** RDS, ECS, Redis and PolarDB secrets follow their instance. */
    NOT_REQUIRED("=", "not-required"),
    /** RAM secret with ramSecrets: skip. */
    SKIPPED("=", "skipped"),
    /** Pending deletion in the source, and not by kmsmig's cutover: skipped with a warning. */
    SOURCE_PENDING_DELETION("=", "pending-deletion"),
    /**
     * Destination equals the source but the state does not record it as migrated (restored from an instance backup,
     * or made outside kmsmig): apply records it, with no KMS writes. Listed, so the reviewer sees it was found.
     */
    IMPORT("=", "import"),
    /** Destination equals the source: nothing to do. Counted, not listed. */
    IN_SYNC(" ", "in-sync"),
    /** Cutover: the source secret is deleted (with a recovery window). */
    CUTOVER("-", "cutover"),
    /** Cutover asked for, but this secret may not be deleted yet; the plan says why. */
    CUTOVER_BLOCKED("!", "cutover-blocked"),
    /** Deleted by kmsmig's cutover and still in its recovery window. */
    SOURCE_DELETED(" ", "source-deleted"),
    /** Cutover withdrawn within the recovery window: the source secret is restored. */
    RESTORE("~", "restore"),
    /** Cannot be reconciled without a person; the reason names the fix. */
    CONFLICT("x", "conflict");

    private final String glyph;
    private final String wire;

    Disposition(String glyph, String wire) {
        this.glyph = glyph;
        this.wire = wire;
    }

    public String glyph() {
        return glyph;
    }

    /** The name in plan JSON and state. */
    public String wire() {
        return wire;
    }

    /**
     * The secret stays where it is and nothing is planned for it (not required, skipped, pending deletion): its
     * reason says it all, so the plan shows no version table for it.
     */
    public boolean leftAlone() {
        return this == NOT_REQUIRED || this == SKIPPED || this == SOURCE_PENDING_DELETION;
    }

    public static Disposition byWire(String w) {
        for (Disposition d : values()) {
            if (d.wire.equals(w)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown disposition " + w);
    }
}
