package io.kmsmig.plan;

import io.kmsmig.state.InFlight;

/** What an action does: named after the KMS API it calls, with its glyph (Terraform-style) and risk. */
public enum Action {
    CREATE_SECRET("CreateSecret", "+", false),
    PUT_SECRET_VALUE("PutSecretValue", "+", false),
    UPDATE_SECRET_VERSION_STAGE("UpdateSecretVersionStage", "~", false),
    UPDATE_SECRET("UpdateSecret", "~", false),
    TAG_RESOURCES("TagResources", "~", false),
    UNTAG_RESOURCES("UntagResources", "~", false),
    UPDATE_SECRET_ROTATION_POLICY("UpdateSecretRotationPolicy", "~", false),
    SET_SECRET_POLICY("SetSecretPolicy", "~", false),
    DELETE_SECRET("DeleteSecret", "-", true),
    RESTORE_SECRET("RestoreSecret", "~", false),
    MANUAL("Manual", "!", false);

    private final String api;
    private final String glyph;
    private final boolean destructive;

    Action(String api, String glyph, boolean destructive) {
        this.api = api;
        this.glyph = glyph;
        this.destructive = destructive;
    }

    /** The KMS API name, also the action's name in plan JSON. */
    public String api() {
        return api;
    }

    public String glyph() {
        return glyph;
    }

    public boolean destructive() {
        return destructive;
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
