package io.kmsmig.policy;

import java.util.Locale;

/** A job that runs kmsmig with its own RAM identity, and the commands it runs. */
public enum Role {
    /** The read-only job (pull requests): {@code plan}. Never reads a secret value. */
    PLAN("`plan`"),
    /** {@code verify}: reads every migrated version's value in both regions. */
    VERIFY("`verify`"),
    /** {@code apply} of a spec without {@code cutover.deleteSource}: migrates, and withdraws a cutover (restores). */
    APPLY("`apply`"),
    /** {@code apply} of a spec with {@code cutover.deleteSource: true}: apply's work plus deleting the sources. */
    CUTOVER("`apply` at cutover (`deleteSource: true`)");

    private final String readme;

    Role(String readme) {
        this.readme = readme;
    }

    /** The name on the command line ({@code --role plan}). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The README table's first cell. */
    String readme() {
        return readme;
    }
}
