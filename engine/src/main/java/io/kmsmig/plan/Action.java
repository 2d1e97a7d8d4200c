package io.kmsmig.plan;

import io.kmsmig.state.InFlight;

/** What an action does: named after the KMS API it calls, with its glyph (Terraform-style) and risk. */
public enum Action {
    CREATE_SECRET("CreateSecret", Change.ADD),
    PUT_SECRET_VALUE("PutSecretValue", Change.ADD),
    UPDATE_SECRET_VERSION_STAGE("UpdateSecretVersionStage", Change.CHANGE),
    UPDATE_SECRET("UpdateSecret", Change.CHANGE),
    TAG_RESOURCES("TagResources", Change.CHANGE),
    UNTAG_RESOURCES("UntagResources", Change.CHANGE),
    UPDATE_SECRET_ROTATION_POLICY("UpdateSecretRotationPolicy", Change.CHANGE),
    SET_SECRET_POLICY("SetSecretPolicy", Change.CHANGE),
    DELETE_SECRET("DeleteSecret", Change.DELETE),
    RESTORE_SECRET("RestoreSecret", Change.CHANGE),
    MANUAL("Manual", Change.MANUAL);

    /** What kind of change an action makes, which its glyph shows. */
    public enum Change {
        ADD("+"),
        CHANGE("~"),
        DELETE("-"),
        MANUAL("!");

        private final String glyph;

        Change(String glyph) {
            this.glyph = glyph;
        }

        public String glyph() {
            return glyph;
        }
    }

    private final String api;
    private final Change change;

    Action(String api, Change change) {
        this.api = api;
        this.change = change;
    }

    /** The KMS API name, also the action's name in plan JSON. */
    public String api() {
        return api;
    }

    public Change change() {
        return change;
    }

    public String glyph() {
        return change.glyph();
    }

    /** Whether it deletes (the plan's destructive-change banner counts these). */
    public boolean destructive() {
        return change == Change.DELETE;
    }

    /** Whether applying it writes to KMS (Manual actions are done by a person). */
    public boolean writes() {
        return this != MANUAL;
    }

    /** The in-flight record of this write in the state (same constant name); Manual has none. */
    public InFlight.Write inFlight() {
        if (!writes()) {
            throw new IllegalStateException(api + " is not a KMS write");
        }
        return InFlight.Write.valueOf(name());
    }

    public static Action byApi(String api) {
        for (Action a : values()) {
            if (a.api.equals(api)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action " + api);
    }
}
