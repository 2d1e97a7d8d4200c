package io.kmsmig.emulator.world;

/**
 * Switches for behaviour the reference marks UNCONFIRMED (kms-openapi.md §20), settable per world.
 *
 * @param acsPreviousFollowsCurrent (a) when ACSCurrent is moved explicitly (UpdateSecretVersionStage, or
 *                                  listed in PutSecretValue.VersionStages), its old holder receives ACSPrevious
 *                                  the way default staging does (§8, §9). AWS does this; Alibaba's docs are silent.
 * @param versionOrder              (b) order of ListSecretVersionIds results (§6): creation, reverse or shuffled.
 *                                  Default shuffled, because the migration procedure warns the order is not by
 *                                  creation time.
 * @param seed                      seed of the shuffled order (stable per secret, so pages agree)
 * @param acceptEmptyVersionStages  (c) PutSecretValue with {@code VersionStages=[]} creates a version with no
 *                                  label instead of failing with InvalidParameter (§8, §12.5)
 * @param instanceListShape         (d) how GetKmsInstance sends ZoneIds and VswitchIds (§15, §20: the live wire type
 *                                  is UNCONFIRMED): a JSON array of strings as the newest SDK models declare them
 *                                  (default), or one comma-separated string as old SDK 2.16.6 and Tea 1.2.3 declare
 */
public record Semantics(
        boolean acsPreviousFollowsCurrent,
        VersionOrder versionOrder,
        long seed,
        boolean acceptEmptyVersionStages,
        InstanceListShape instanceListShape) {
    /** Order of ListSecretVersionIds results. */
    public enum VersionOrder {
        CREATION,
        REVERSE,
        SHUFFLED
    }

    /** Wire shape of GetKmsInstance's ZoneIds and VswitchIds. */
    public enum InstanceListShape {
        ARRAY,
        STRING
    }

    public static final Semantics DEFAULT =
            new Semantics(true, VersionOrder.SHUFFLED, 7, false, InstanceListShape.ARRAY);

    public Semantics withAcsPreviousFollowsCurrent(boolean v) {
        return new Semantics(v, versionOrder, seed, acceptEmptyVersionStages, instanceListShape);
    }

    public Semantics withVersionOrder(VersionOrder v) {
        return new Semantics(acsPreviousFollowsCurrent, v, seed, acceptEmptyVersionStages, instanceListShape);
    }

    public Semantics withAcceptEmptyVersionStages(boolean v) {
        return new Semantics(acsPreviousFollowsCurrent, versionOrder, seed, v, instanceListShape);
    }

    public Semantics withInstanceListShape(InstanceListShape v) {
        return new Semantics(acsPreviousFollowsCurrent, versionOrder, seed, acceptEmptyVersionStages, v);
    }
}
