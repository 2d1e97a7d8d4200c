package io.kmsmig.policy;

import io.kmsmig.spec.MigrationSpec;
import io.kmsmig.spec.Policies;

/** The spec setting that makes a grant necessary. */
enum When {
    ALWAYS(""),
    DELETE_SOURCE("with `deleteSource: true`"),
    RAM_RECREATE("with `ramSecrets: recreate`");

    private final String readme;

    When(String readme) {
        this.readme = readme;
    }

    boolean holds(MigrationSpec spec) {
        return switch (this) {
            case ALWAYS -> true;
            case DELETE_SOURCE -> spec.cutover() != null && spec.cutover().deleteSource();
            case RAM_RECREATE ->
                spec.policies() != null && spec.policies().ramSecrets() == Policies.RamSecrets.RECREATE;
        };
    }

    String readme() {
        return readme;
    }
}
