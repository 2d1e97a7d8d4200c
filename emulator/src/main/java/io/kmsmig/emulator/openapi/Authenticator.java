package io.kmsmig.emulator.openapi;

import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.World;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies V1 and V3 RPC signatures against the world's access keys (sdk-wire-protocol.md §2.4-§2.6), and refuses
 * what the gateway refuses before it runs an action (kms-openapi.md §19 "Common-parameter strictness"): a missing or
 * unknown Version, a Timestamp more than 15 minutes from the server's clock, a SignatureMethod other than the one
 * the signature was made with, a SignatureNonce used before.
 */
final class Authenticator {
    /** §19: a client clock more than 15 minutes off cannot call KMS at all. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** Common parameters, doc-detail/28138: "HMAC-SHA1 is supported currently" for V1. */
    static final String V1_METHOD = "HMAC-SHA1";

    private final World world;
    private final String apiVersion;

    Authenticator(World world, String apiVersion) {
        this.world = world;
        this.apiVersion = apiVersion;
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
        version(all.get("Version"));
        timestamp("Timestamp", all.get("Timestamp"));
        String akId = all.get("AccessKeyId");
        if (akId == null || akId.isEmpty()) {
            throw KmsError.missing("AccessKeyId");
        }
        if (all.get("Signature") == null) {
            throw KmsError.missing("Signature");
        }
        AccessKey key = lookup(akId);
        String sts = Signatures.v1StringToSign(req.method(), all);
        String method = all.get("SignatureMethod");
        if (!V1_METHOD.equals(method)) {
            // The gateway computes the signature the way SignatureMethod names; only HMAC-SHA1 exists for V1, so any
            // other name cannot match what the client sent.
            throw new KmsError(
                    400,
                    "SignatureDoesNotMatch",
                    "Specified signature is not matched with our calculation: "
                            + "SignatureMethod " + (method == null ? "is missing" : "'" + method + "' is not supported")
                            + "; use " + V1_METHOD + ". server string to sign is:" + sts);
        }
        if (!Signatures.same(Signatures.v1Signature(sts, key.secret()), all.get("Signature"))) {
            throw new KmsError(
                    400,
                    "IncompleteSignature",
                    "The request signature does not conform to Alibaba Cloud standards. server string to sign is:"
                            + sts);
        }
        checkToken(key, all.get("SecurityToken"));
        nonce("SignatureNonce", all.get("SignatureNonce"));
        return key;
    }

    private AccessKey v3(HttpExchangeData req, Map<String, String> query, String authz) {
        Signatures.V3Authorization a = Signatures.V3Authorization.parse(authz);
        if (a == null) {
            throw new KmsError(400, "IncompleteSignature", "malformed ACS3-HMAC-SHA256 Authorization header");
        }
        version(req.header("x-acs-version"));
        timestamp("x-acs-date", req.header("x-acs-date"));
        AccessKey key = lookup(a.accessKeyId());
        String bodyHash = Signatures.sha256Hex(req.body());
        if (!bodyHash.equalsIgnoreCase(Objects.requireNonNullElse(req.header("x-acs-content-sha256"), ""))) {
            throw new KmsError(400, "IncompleteSignature", "x-acs-content-sha256 does not match the request body");
        }
        String sts = Signatures.v3StringToSign(req.method(), query, req.headers(), a.signedHeaders());
        if (!Signatures.same(Signatures.v3Signature(sts, key.secret()), a.signature())) {
            throw new KmsError(
                    400,
                    "SignatureDoesNotMatch",
                    "The request signature does not conform to Alibaba Cloud standards. server string to sign is:"
                            + sts);
        }
        checkToken(key, req.header("x-acs-security-token"));
        nonce("x-acs-signature-nonce", req.header("x-acs-signature-nonce"));
        return key;
    }

    /** §19: MissingVersion / InvalidVersion ("Specified parameter Version is not valid.", aliyun-openapi-java-sdk#23). */
    private void version(String v) {
        if (v == null || v.isEmpty()) {
            throw new KmsError(
                    400,
                    "MissingVersion",
                    "The input parameter \"Version\" that is mandatory for processing this request is not supplied.");
        }
        if (!apiVersion.equals(v)) {
            throw new KmsError(
                    400,
                    "InvalidVersion",
                    "Specified parameter Version is not valid. This endpoint serves " + apiVersion + ", not " + v
                            + ".");
        }
    }

    /**
     * §19 and doc-detail/69008: IllegalTimestamp when the Timestamp is missing, unreadable, or more than 15 minutes
     * from the server's clock. The server's clock here is the machine's ({@link
     * io.kmsmig.emulator.world.EmulatorClock#machineInstant()}), not the emulator's offset clock: SDK clients on this
     * machine stamp requests with the machine's clock, and a test that advances the emulator by days (recovery windows,
     * quiet periods) or plays a skewed server must not lock every client out.
     */
    private void timestamp(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new KmsError(
                    400,
                    "IllegalTimestamp",
                    "The input parameter \"" + name
                            + "\" that is mandatory for processing this request is not supplied.");
        }
        Instant t;
        try {
            t = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new KmsError(
                    400,
                    "IllegalTimestamp",
                    "The input parameter \"" + name + "\" is not an ISO-8601 UTC " + "time like 2026-01-01T00:00:00Z: "
                            + value);
        }
        Instant now = world.clock().machineInstant();
        if (Duration.between(t, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new KmsError(
                    400,
                    "IllegalTimestamp",
                    "The input parameter \"" + name + "\" " + value
                            + " is more than 15 minutes from the server's time " + now.truncatedTo(ChronoUnit.SECONDS)
                            + "; check the client's clock.");
        }
    }

    /** §19: a nonce seen within {@link io.kmsmig.emulator.world.NonceLedger#RETENTION} is a replay. */
    private void nonce(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw KmsError.missing(name);
        }
        if (!world.nonces().firstUse(value, world.clock().machineInstant())) {
            throw new KmsError(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
    }

    private AccessKey lookup(String id) {
        AccessKey key = world.accessKey(id)
                .orElseThrow(() -> new KmsError(
                        404,
                        "InvalidAccessKeyId.NotFound",
                        "The AccessKey ID provided does not exist in our records."));
        if (key.expires() != null && world.clock().nowSeconds().isAfter(key.expires())) {
            throw new KmsError(400, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired.");
        }
        return key;
    }

    /** STS credentials add a signed SecurityToken (§2.4); a key declared with one requires it. */
    private static void checkToken(AccessKey key, String token) {
        if (!Objects.equals(key.securityToken(), token == null || token.isEmpty() ? null : token)) {
            throw new KmsError(
                    400,
                    "InvalidSecurityToken.MismatchWithAccessKey",
                    "The security token does not belong to the access key.");
        }
    }
}
