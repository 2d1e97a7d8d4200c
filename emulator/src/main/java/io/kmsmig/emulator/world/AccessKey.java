package io.kmsmig.emulator.world;

import java.time.Instant;

/**
 * An AccessKey pair the emulator accepts (reference sdk-wire-protocol.md §2.5): a RAM user's, declared in the world,
 * or an STS session's, issued by AssumeRole (kms-openapi.md §19).
 *
 * @param id            AccessKeyId
 * @param secret        AccessKeySecret (a sandbox value, never a real one)
 * @param user          RAM user name reported in ActionTrail events; for an STS session {@code <role>:<session>},
 *                      as ActionTrail reports assumed roles (a RAM user name cannot contain ':')
 * @param securityToken when set, requests must carry this STS SecurityToken
 * @param role          the assumed role's name, or null for a RAM user's key
 * @param expires       when an STS session's credentials stop working, or null
 */
public record AccessKey(String id, String secret, String user, String securityToken, String role, Instant expires) {
    /** A RAM user's key. */
    public AccessKey(String id, String secret, String user, String securityToken) {
        this(id, secret, user, securityToken, null, null);
    }

    /** Whether this key is an assumed role's session (STS). */
    public boolean assumedRole() {
        return role != null;
    }

    /** The session name of an assumed role's key, or null. */
    public String session() {
        return role == null ? null : user.substring(user.indexOf(':') + 1);
    }
}
