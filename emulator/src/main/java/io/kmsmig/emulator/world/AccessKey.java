package io.kmsmig.emulator.world;

/**
 * An AccessKey pair the emulator accepts (reference sdk-wire-protocol.md §2.5).
 *
 * @param id            AccessKeyId
 * @param secret        AccessKeySecret (a sandbox value, never a real one)
 * @param user          RAM user name reported in ActionTrail events
 * @param securityToken when set, requests must carry this STS SecurityToken
 */
public record AccessKey(String id, String secret, String user, String securityToken) {
}
