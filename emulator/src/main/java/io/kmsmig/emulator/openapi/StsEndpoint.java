package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The account's STS endpoint, 2015-04-01 ({@code sts.aliyuncs.com}, kms-openapi.md §19): GetCallerIdentity for every
 * key the emulator accepts, and AssumeRole for the world's {@code roles}, which issues a fresh STS session key each
 * time (the id rotates, as the real service's does). Trust policies are not modelled: any key of the account may
 * assume any declared role.
 */
public final class StsEndpoint extends RpcEndpoint {
    /** AssumeRole's DurationSeconds: 900 to 3600 by default (a role's MaxSessionDuration can raise it). */
    static final int MIN_DURATION = 900;

    static final int MAX_DURATION = 43200;
    private final SecureRandom random = new SecureRandom();

    public StsEndpoint(World world, Faults faults, CallLog calls, AuditLog audit) {
        // STS is one endpoint for the account: its calls are logged and faulted under "global", apart from every
        // region's KMS quotas.
        super(world, "global", faults, calls, audit);
    }

    @Override
    protected String apiVersion() {
        return "2015-04-01";
    }

    @Override
    protected String host() {
        return "sts.aliyuncs.com";
    }

    @Override
    protected boolean audited() {
        return false;
    }

    @Override
    protected void dispatch(RpcCall c, ObjectNode out) {
        switch (c.action()) {
            case "GetCallerIdentity" -> callerIdentity(c.caller(), out);
            case "AssumeRole" -> assumeRole(c, out);
            default -> throw new KmsError(404, "InvalidAction.NotFound", "Specified api is not found: " + c.action());
        }
    }

    private void callerIdentity(AccessKey k, ObjectNode out) {
        String account = world.account();
        out.put("AccountId", account);
        if (k.assumedRole()) {
            String roleId = world.principalId("role/" + k.role().toLowerCase(Locale.ROOT));
            out.put("IdentityType", "AssumedRoleUser")
                    .put("RoleId", roleId)
                    .put("UserId", roleId)
                    .put("PrincipalId", roleId + ":" + k.session())
                    .put(
                            "Arn",
                            "acs:ram::" + account + ":assumed-role/" + k.role().toLowerCase(Locale.ROOT) + "/"
                                    + k.session());
        } else {
            String uid = world.principalId("user/" + k.user());
            out.put("IdentityType", "RAMUser")
                    .put("UserId", uid)
                    .put("PrincipalId", uid)
                    .put("Arn", "acs:ram::" + account + ":user/" + k.user());
        }
    }

    private void assumeRole(RpcCall c, ObjectNode out) {
        Params p = c.params();
        String arn = p.required("RoleArn");
        String prefix = "acs:ram::" + world.account() + ":role/";
        String role = arn.regionMatches(true, 0, prefix, 0, prefix.length()) ? arn.substring(prefix.length()) : null;
        String declared = role == null
                ? null
                : world.roles().stream()
                        .filter(r -> r.equalsIgnoreCase(role))
                        .findFirst()
                        .orElse(null);
        if (declared == null) {
            throw new KmsError(404, "EntityNotExist.Role", "The role not exists: " + arn + ".");
        }
        String session = p.required("RoleSessionName");
        if (!session.matches("[A-Za-z0-9.@_-]{2,64}")) {
            throw KmsError.invalid("RoleSessionName", "2 to 64 of letters, digits, '.', '@', '-', '_'");
        }
        int seconds = p.integer("DurationSeconds", 3600, MIN_DURATION, MAX_DURATION);
        Instant expires = world.clock().nowSeconds().plus(Duration.ofSeconds(seconds));
        AccessKey key =
                new AccessKey("STS." + token(12), token(16), declared + ":" + session, token(24), declared, expires);
        world.issue(key);
        String roleId = world.principalId("role/" + declared.toLowerCase(Locale.ROOT));
        out.putObject("AssumedRoleUser")
                .put(
                        "Arn",
                        "acs:ram::" + world.account() + ":role/" + declared.toLowerCase(Locale.ROOT) + "/" + session)
                .put("AssumedRoleId", roleId + ":" + session);
        out.putObject("Credentials")
                .put("AccessKeyId", key.id())
                .put("AccessKeySecret", key.secret())
                .put("SecurityToken", key.securityToken())
                .put("Expiration", expires.toString());
    }

    private String token(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
