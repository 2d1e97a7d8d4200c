package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.util.Map;
import java.util.Objects;

/** Verifies V1 and V3 RPC signatures against the world's access keys (sdk-wire-protocol.md §2.4-§2.6). */
final class Authenticator {
    private final World world;

    Authenticator(World world) {
        this.world = world;
    }

    /**
     * The caller's key, or a KmsError: 404 InvalidAccessKeyId.NotFound for an unknown key, 400
     * IncompleteSignature carrying the server's string-to-sign (so the SDK reports SDK.InvalidAccessKeySecret).
     */
    AccessKey authenticate(HttpExchangeData req, Map<String, String> query, Map<String, String> all) {
        String authz = req.header("authorization");
        if (authz != null && authz.startsWith("ACS3-HMAC-SHA256")) {
            return v3(req, query, authz);
        }
        String akId = all.get("AccessKeyId");
        if (akId == null || akId.isEmpty()) {
            throw KmsError.missing("AccessKeyId");
        }
        if (all.get("Signature") == null) {
            throw KmsError.missing("Signature");
        }
        AccessKey key = lookup(akId);
        String sts = Signatures.v1StringToSign(req.method(), all);
        if (!Signatures.same(Signatures.v1Signature(sts, key.secret()), all.get("Signature"))) {
            throw new KmsError(400, "IncompleteSignature",
                    "The request signature does not conform to Alibaba Cloud standards. server string to sign is:" + sts);
        }
        checkToken(key, all.get("SecurityToken"));
        return key;
    }

    private AccessKey v3(HttpExchangeData req, Map<String, String> query, String authz) {
        Signatures.V3Authorization a = Signatures.V3Authorization.parse(authz);
        if (a == null) {
            throw new KmsError(400, "IncompleteSignature", "malformed ACS3-HMAC-SHA256 Authorization header");
        }
        AccessKey key = lookup(a.accessKeyId());
        String bodyHash = Signatures.sha256Hex(req.body());
        if (!bodyHash.equalsIgnoreCase(Objects.requireNonNullElse(req.header("x-acs-content-sha256"), ""))) {
            throw new KmsError(400, "IncompleteSignature", "x-acs-content-sha256 does not match the request body");
        }
        String sts = Signatures.v3StringToSign(req.method(), query, req.headers(), a.signedHeaders());
        if (!Signatures.same(Signatures.v3Signature(sts, key.secret()), a.signature())) {
            throw new KmsError(400, "SignatureDoesNotMatch",
                    "The request signature does not conform to Alibaba Cloud standards. server string to sign is:" + sts);
        }
        checkToken(key, req.header("x-acs-security-token"));
        return key;
    }

    private AccessKey lookup(String id) {
        return world.accessKey(id).orElseThrow(() -> new KmsError(404, "InvalidAccessKeyId.NotFound",
                "The AccessKey ID provided does not exist in our records."));
    }

    /** STS credentials add a signed SecurityToken (§2.4); a key declared with one requires it. */
    private static void checkToken(AccessKey key, String token) {
        if (!Objects.equals(key.securityToken(), token == null || token.isEmpty() ? null : token)) {
            throw new KmsError(400, "InvalidSecurityToken.MismatchWithAccessKey",
                    "The security token does not belong to the access key.");
        }
    }
}
