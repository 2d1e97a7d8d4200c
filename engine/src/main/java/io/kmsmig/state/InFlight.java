package io.kmsmig.state;

import java.time.Instant;

/**
 * An action recorded as intent and not yet as done. Written (and synced) before the KMS call; a secret still
 * carrying one after a crash is reconciled by reading the destination before anything is repeated.
 *
 * @param seq       the action's seq in the plan
 * @param action    the KMS write it stands for (its API name is what the state file holds)
 * @param versionId the version concerned, or null
 * @param stage     the stage concerned, or null
 * @param startedAt when it was started
 */
public record InFlight(int seq, Write action, String versionId, String stage, Instant startedAt) {

    /**
     * The KMS writes apply records as in flight, by API name (the state file's {@code in_flight.action}). The plan's
     * {@code Action} maps onto it by constant name; the state package does not depend on the plan package.
     */
    public enum Write {
        CREATE_SECRET("CreateSecret"),
        PUT_SECRET_VALUE("PutSecretValue"),
        UPDATE_SECRET_VERSION_STAGE("UpdateSecretVersionStage"),
        UPDATE_SECRET("UpdateSecret"),
        TAG_RESOURCES("TagResources"),
        UNTAG_RESOURCES("UntagResources"),
        UPDATE_SECRET_ROTATION_POLICY("UpdateSecretRotationPolicy"),
        SET_SECRET_POLICY("SetSecretPolicy"),
        DELETE_SECRET("DeleteSecret"),
        RESTORE_SECRET("RestoreSecret");

        private final String api;

        Write(String api) {
            this.api = api;
        }

        /** The KMS API name, as the state file holds it. */
        public String api() {
            return api;
        }

        /** Whether it writes to the source region (a cutover's or a delete-and-recreate's deletion, a restore). */
        public boolean sourceWrite() {
            return this == DELETE_SECRET || this == RESTORE_SECRET;
        }

        /** The write named {@code api} in a state file, or an IllegalArgumentException naming it. */
        public static Write byApi(String api) {
            for (Write w : values()) {
                if (w.api.equals(api)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown in-flight action " + api);
        }
    }
}
