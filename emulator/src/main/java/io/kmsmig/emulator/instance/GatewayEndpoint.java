package io.kmsmig.emulator.instance;

import com.aliyun.dkms.gcs.openapi.util.protobuf.ApiModels;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kmsmig.emulator.actiontrail.AuditEvent;
import io.kmsmig.emulator.actiontrail.AuditLog;
import io.kmsmig.emulator.faults.CallLog;
import io.kmsmig.emulator.faults.Decision;
import io.kmsmig.emulator.faults.Faults;
import io.kmsmig.emulator.openapi.HttpAnswer;
import io.kmsmig.emulator.openapi.HttpExchangeData;
import io.kmsmig.emulator.openapi.Signatures;
import io.kmsmig.emulator.world.ClientKeyInfo;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.SecretReads;
import io.kmsmig.emulator.world.Version;
import io.kmsmig.emulator.world.World;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** One KMS instance's gateway endpoint ({@code kst-xxx.cryptoservice.kms.aliyuncs.com}). */
public final class GatewayEndpoint {
    private final World world;
    private final String region;
    private final String instanceId;
    private final Faults faults;
    private final CallLog calls;
    private final AuditLog audit;

    public GatewayEndpoint(
            World world, String region, String instanceId, Faults faults, CallLog calls, AuditLog audit) {
        this.world = world;
        this.region = region;
        this.instanceId = instanceId;
        this.faults = faults;
        this.calls = calls;
        this.audit = audit;
    }

    public HttpAnswer handle(HttpExchangeData req) {
        String requestId = UUID.randomUUID().toString();
        String api = req.headers().getOrDefault("x-kms-apiname", "Unknown");
        String code = null;
        ClientKeyInfo key = null;
        String secretName = null;
        try {
            key = authenticate(req);
            if (!"GetSecretValue".equals(api)) {
                throw new KmsError(
                        400, "UnsupportedOperation", "This emulator's gateway serves GetSecretValue only: " + api);
            }
            ApiModels.GetSecretValueRequest in;
            try {
                in = ApiModels.GetSecretValueRequest.parseFrom(req.body());
            } catch (InvalidProtocolBufferException e) {
                throw new KmsError(400, "InvalidParameter", "The request body is not a GetSecretValueRequest.");
            }
            secretName = in.getSecretName();
            if (secretName.isEmpty()) {
                throw KmsError.missing("SecretName");
            }
            Thread.sleep(Math.max(0, faults.latencyMs(api)));
            Decision d = faults.decide(region, api, false);
            if (d instanceof Decision.Drop) {
                code = "ConnectionDropped";
                return HttpAnswer.dropped();
            }
            if (d instanceof Decision.Throttle) {
                throw KmsError.throttled();
            }
            if (d instanceof Decision.Fail f) {
                throw new KmsError(
                        f.status(),
                        f.status() == 500 ? "InternalFailure" : "ServiceUnavailableTemporary",
                        "Injected failure.");
            }
            String name = secretName;
            byte[] body = world.read(w -> {
                SecretReads reads = new SecretReads(w, w.region(region));
                Secret s = reads.describe(name);
                if (!instanceId.equals(s.kmsInstanceId())) {
                    throw KmsError.notFound("secret " + name + " in instance " + instanceId);
                }
                Version v = reads.value(name, emptyToNull(in.getVersionId()), emptyToNull(in.getVersionStage()));
                ApiModels.GetSecretValueResponse.Builder b = ApiModels.GetSecretValueResponse.newBuilder()
                        .setSecretName(s.name())
                        .setSecretType(s.type().wire())
                        .setSecretData(v.data())
                        .setSecretDataType(v.dataType())
                        .addAllVersionStages(v.stages())
                        .setVersionId(v.id())
                        .setCreateTime(v.created().toString())
                        .setRequestId(requestId)
                        .setAutomaticRotation(s.rotationEnabled() ? "Enabled" : "Disabled");
                if (in.getFetchExtendedConfig() && s.extendedConfig() != null) {
                    b.setExtendedConfig(s.extendedConfig());
                }
                return b.build().toByteArray();
            });
            return new HttpAnswer(200, "application/x-protobuf", body, false);
        } catch (KmsError e) {
            code = e.code();
            return error(e.status(), e.code(), e.getMessage(), requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = "InternalFailure";
            return error(500, code, "Interrupted.", requestId);
        } catch (RuntimeException e) {
            code = "InternalFailure";
            return error(500, code, "Internal Failure.", requestId);
        } finally {
            calls.record(region, "Gateway." + api, code);
            Map<String, String> params = new TreeMap<>();
            if (secretName != null) {
                params.put("SecretName", secretName);
            }
            audit.add(new AuditEvent(
                    UUID.randomUUID().toString(),
                    api,
                    world.clock().nowSeconds(),
                    "Read",
                    region,
                    requestId,
                    req.remoteIp(),
                    req.headers().getOrDefault("user-agent", ""),
                    key != null ? key.id() : req.headers().getOrDefault("x-kms-acccesskeyid", ""),
                    key != null ? "aap:" + key.id() : "",
                    secretName,
                    code,
                    params));
        }
    }

    /** §3.5: verify content-sha256 against the body, then the RSA signature over the string-to-sign. */
    private ClientKeyInfo authenticate(HttpExchangeData req) {
        String keyId = req.header("x-kms-acccesskeyid"); // sic: three c's, as the SDK sends it (§3.4)
        if (keyId == null) {
            throw new KmsError(401, "Rejected.Unauthorized", "The request carries no client key id.");
        }
        ClientKeyInfo key = world.clientKey(keyId)
                .filter(k -> k.kmsInstanceId().equals(instanceId))
                .orElseThrow(() -> new KmsError(
                        401,
                        "Rejected.Unauthorized",
                        "The client key is not registered with instance " + instanceId + ": " + keyId));
        String expected = Signatures.sha256Hex(req.body()).toUpperCase(Locale.ROOT);
        if (!expected.equalsIgnoreCase(req.headers().getOrDefault("content-sha256", ""))) {
            throw new KmsError(400, "InvalidParameter", "The Param Content-SHA256 is invalid.");
        }
        String authz = req.headers().getOrDefault("authorization", "");
        if (!authz.startsWith("Bearer ") || key.publicKeyPem() == null) {
            throw new KmsError(401, "Rejected.Unauthorized", "The request is not signed with a client key.");
        }
        try {
            Signature sig = Signature.getInstance("SHA256withRSA");
            sig.initVerify(publicKey(key.publicKeyPem()));
            sig.update(stringToSign(req).getBytes(StandardCharsets.UTF_8));
            if (!sig.verify(Base64.getDecoder().decode(authz.substring(7).trim()))) {
                throw new KmsError(
                        401, "Rejected.Unauthorized", "The request signature does not match the client key.");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KmsError(401, "Rejected.Unauthorized", "The request signature cannot be verified.");
        }
        return key;
    }

    /** §3.5 string-to-sign: method, content-sha256, content-type, date, sorted x-kms-* headers, then "/". */
    static String stringToSign(HttpExchangeData req) {
        Map<String, String> h = req.headers();
        StringBuilder sb = new StringBuilder("POST\n")
                .append(h.getOrDefault("content-sha256", ""))
                .append('\n')
                .append(h.getOrDefault("content-type", ""))
                .append('\n')
                .append(h.getOrDefault("date", ""))
                .append('\n');
        new TreeMap<>(h).forEach((k, v) -> {
            if (k.startsWith("x-kms-")) {
                sb.append(k).append(':').append(v.trim()).append('\n');
            }
        });
        return sb.append('/').toString();
    }

    static PublicKey publicKey(String pem) throws GeneralSecurityException {
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(b64)));
    }

    private static HttpAnswer error(int status, String code, String message, String requestId) {
        byte[] body = ApiModels.Error.newBuilder()
                .setStatusCode(status)
                .setErrorCode(code)
                .setErrorMessage(message == null || message.isEmpty() ? code : message)
                .setRequestId(requestId)
                .build()
                .toByteArray();
        return new HttpAnswer(status, "application/x-protobuf", body, false);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
