package io.kmsmig.plan;

/**
 * One UpdateSecretVersionStage call (kms-openapi.md §9): move a label onto a version (taken from its holder),
 * or remove a custom label from a version.
 *
 * @param remove  true: RemoveFromVersion; false: MoveToVersion
 * @param label   the stage label
 * @param version the version id
 */
public record StageOp(boolean remove, String label, String version) {
    public static StageOp move(String label, String version) {
        return new StageOp(false, label, version);
    }

    public static StageOp removeFrom(String label, String version) {
        return new StageOp(true, label, version);
    }
}
