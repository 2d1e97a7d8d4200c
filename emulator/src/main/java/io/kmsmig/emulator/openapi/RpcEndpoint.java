package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Decision;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * One region's RPC endpoint (KMS or ActionTrail): decode, authenticate, apply faults, run the action, record
 * the call, answer. Unexpected failures become 500 InternalFailure, bad input 4xx, never a hang.
 */
public abstract class RpcEndpoint {
    /** Actions that change the world (counted as writes by faults and the call log). */
    public static final Set<String> WRITES = Set.of(
            "CreateSecret",
            "PutSecretValue",
            "UpdateSecretVersionStage",
            "UpdateSecret",
            "UpdateSecretRotationPolicy",
            "DeleteSecret",
            "RestoreSecret",
            "SetSecretPolicy",
            "TagResource",
            "UntagResource",
            "TagResources",
            "UntagResources");

    private static final Set<String> AUDITED_PARAMS = Set.of(
            "SecretName",
            "VersionId",
            "VersionStage",
            "FetchTags",
            "IncludeDeprecated",
            "MoveToVersion",
            "RemoveFromVersion",
            "RecoveryWindowInDays",
            "ForceDeleteWithoutRecovery",
            "SecretType",
            "DKMSInstanceId",
            "EncryptionKeyId",
            "KeyId",
            "KmsInstanceId");

    protected final World world;
    protected final String region;
    private final Faults faults;
    private final CallLog calls;
    private final AuditLog audit;
    private final Authenticator auth;
    private volatile LongConsumer writeHook = n -> {};

    protected RpcEndpoint(World world, String region, Faults faults, CallLog calls, AuditLog audit) {
        this.world = world;
        this.region = region;
        this.faults = faults;
        this.calls = calls;
        this.audit = audit;
        this.auth = new Authenticator(world, apiVersion());
    }

    /** Called after each applied write with the running write count, before the answer is sent. May block. */
    public void onWriteApplied(LongConsumer hook) {
        this.writeHook = hook;
    }

    /** The API version this endpoint serves; a request naming another is refused (kms-openapi.md §19). */
    protected abstract String apiVersion();

    /** Product host, for error bodies' HostId. */
    protected abstract String host();

    /** Whether this endpoint records ActionTrail events for its calls. */
    protected abstract boolean audited();

    /** Runs {@code action}, filling {@code out}; throws KmsError for an error answer. */
    protected abstract void dispatch(RpcCall call, ObjectNode out);

    public final HttpAnswer handle(HttpExchangeData req) {
        String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        String action = "Unknown";
        String code = null;
        AccessKey caller = null;
        Map<String, String> all = new TreeMap<>();
        try {
            Map<String, String> query = Params.parseForm(req.rawQuery(), new TreeMap<>());
            all.putAll(query);
            String ctype = req.header("content-type");
            if (req.body().length > 0 && ctype != null && ctype.startsWith("application/x-www-form-urlencoded")) {
                Params.parseForm(new String(req.body(), StandardCharsets.UTF_8), all);
            }
            action = all.getOrDefault("Action", req.headers().getOrDefault("x-acs-action", "Unknown"));
            if (!all.containsKey("Action") && req.header("x-acs-action") == null) {
                throw KmsError.missing("Action");
            }
            caller = auth.authenticate(req, query, all);
            boolean write = WRITES.contains(action);
            sleep(faults.latencyMs(action));
            Decision d = faults.decide(region, action, write);
            if (d instanceof Decision.Drop) {
                code = "ConnectionDropped";
                return HttpAnswer.dropped();
            }
            if (d instanceof Decision.Throttle) {
                throw KmsError.throttled();
            }
            if (d instanceof Decision.Fail f) {
                throw f.error();
            }
            ObjectNode out = Json.object().put("RequestId", requestId);
            dispatch(new RpcCall(region, action, new Params(all), caller, requestId, req.headers()), out);
            if (write) {
                writeHook.accept(calls.recordWrite());
            }
            return HttpAnswer.json(200, Json.bytes(out));
        } catch (KmsError e) {
            code = e.code();
            return error(e.status(), e.code(), e.getMessage(), requestId);
        } catch (RuntimeException e) {
            code = "InternalFailure";
            return error(500, "InternalFailure", "Internal Failure.", requestId);
        } finally {
            calls.record(region, action, code);
            if (audited()) {
                record(req, action, all, caller, requestId, code);
            }
        }
    }

    private HttpAnswer error(int status, String code, String message, String requestId) {
        ObjectNode o = Json.object()
                .put("RequestId", requestId)
                .put("HostId", host())
                .put("Code", code)
                .put("Message", message)
                .put(
                        "Recommend",
                        "https://api.aliyun.com/troubleshoot?q=" + code + "&product=Kms&requestId=" + requestId);
        return HttpAnswer.json(status, Json.bytes(o));
    }

    private void record(
            HttpExchangeData req,
            String action,
            Map<String, String> params,
            AccessKey caller,
            String requestId,
            String code) {
        Map<String, String> safe = new TreeMap<>();
        params.forEach((k, v) -> {
            if (AUDITED_PARAMS.contains(k)) {
                safe.put(k, v);
            }
        });
        String akId = caller != null ? caller.id() : params.getOrDefault("AccessKeyId", "");
        audit.add(new AuditEvent(
                UUID.randomUUID().toString(),
                action,
                world.clock().nowSeconds(),
                WRITES.contains(action) ? "Write" : "Read",
                region,
                requestId,
                req.remoteIp(),
                req.headers().getOrDefault("user-agent", ""),
                akId,
                caller != null ? caller.user() : "",
                params.get("SecretName"),
                code,
                safe));
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
