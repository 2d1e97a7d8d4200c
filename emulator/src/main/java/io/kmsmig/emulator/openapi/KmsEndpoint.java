package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/** A region's KMS OpenAPI 2016-01-20 endpoint ({@code kms.<region>.aliyuncs.com}). */
public final class KmsEndpoint extends RpcEndpoint {
    private final SecretReadApi reads;
    private final SecretWriteApi writes;
    private final KeyInstanceApi keys;

    public KmsEndpoint(World world, String region, Faults faults, CallLog calls, AuditLog audit, String caPem) {
        super(world, region, faults, calls, audit);
        this.reads = new SecretReadApi(world);
        this.writes = new SecretWriteApi(world);
        this.keys = new KeyInstanceApi(world, caPem);
    }

    @Override
    protected String apiVersion() {
        return "2016-01-20";
    }

    @Override
    protected String host() {
        return "kms." + region + ".aliyuncs.com";
    }

    @Override
    protected boolean audited() {
        return true;
    }

    @Override
    protected void dispatch(RpcCall call, ObjectNode out) {
        RpcCall c = "CreateSecret".equals(call.action()) ? call : byName(call);
        switch (c.action()) {
            case "CreateSecret" -> writes.create(c, out);
            case "DescribeSecret" -> reads.describe(c, out);
            case "ListSecrets" -> reads.list(c, out);
            case "ListSecretVersionIds" -> reads.versions(c, out);
            case "GetSecretValue" -> reads.value(c, out);
            case "PutSecretValue" -> writes.put(c, out);
            case "UpdateSecretVersionStage" -> writes.updateStage(c, out);
            case "UpdateSecret" -> writes.update(c, out);
            case "UpdateSecretRotationPolicy" -> writes.rotationPolicy(c, out);
            case "DeleteSecret" -> writes.delete(c, out);
            case "RestoreSecret" -> writes.restore(c, out);
            case "GetSecretPolicy" -> reads.policy(c, out);
            case "SetSecretPolicy" -> writes.setPolicy(c, out);
            case "TagResource" -> writes.tagResource(c, out);
            case "UntagResource" -> writes.untagResource(c, out);
            case "TagResources" -> writes.tagResources(c, out);
            case "UntagResources" -> writes.untagResources(c, out);
            case "ListTagResources" -> keys.listTagResources(c, out);
            case "DescribeKey" -> keys.describeKey(c, out);
            case "ListKmsInstances" -> keys.listInstances(c, out);
            case "GetKmsInstance" -> keys.getInstance(c, out);
            default -> throw new KmsError(404, "InvalidAction.NotFound", "Specified api is not found: " + c.action());
        }
    }

    /**
     * SecretName takes "the name or ARN of the secret" (kms-openapi.md §4, §6-§8, §11, §19: Describe, Get, Put,
     * ListSecretVersionIds, UpdateSecretVersionStage, Delete and friends; CreateSecret takes a name). The ARN is
     * {@code acs:kms:<region>:<account>:secret/<name>} (§3); one of another region or account names no secret here.
     */
    private RpcCall byName(RpcCall c) {
        String given = c.params().get("SecretName");
        if (given == null || !given.startsWith(ARN_PREFIX)) {
            return c;
        }
        String prefix = ARN_PREFIX + region + ":" + world.account() + ":secret/";
        if (!given.startsWith(prefix) || given.length() == prefix.length()) {
            throw KmsError.notFound("No secret of this account in " + region + " has the ARN " + given);
        }
        Map<String, String> params = new TreeMap<>(c.params().all());
        params.put("SecretName", given.substring(prefix.length()));
        return new RpcCall(c.region(), c.action(), new Params(params), c.caller(), c.requestId(), c.headers());
    }

    private static final String ARN_PREFIX = "acs:kms:";
}
