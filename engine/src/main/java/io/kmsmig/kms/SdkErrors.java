package io.kmsmig.kms;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * Turns SDK exceptions into {@link KmsCallException}s with kmsmig's own message. SDK messages and causes are
 * dropped: for transport failures they repeat the request URL, and the old SDK sends SecretData in it
 * (sdk-wire-protocol.md §2.2, §2.8).
 */
final class SdkErrors {
    private static final Set<String> AUTH = Set.of(
            "SDK.InvalidAccessKeySecret",
            "InvalidAccessKeyId.NotFound",
            "IncompleteSignature",
            "SignatureDoesNotMatch",
            "InvalidAccessKeyId",
            "Forbidden.AccessKey");
    private static final Set<String> NOT_FOUND = Set.of("Forbidden.ResourceNotFound", "Forbidden.KeyNotFound");

    private SdkErrors() {}

    static KmsCallException map(String action, String region, String endpoint, ClientException e, String sentValue) {
        String code = e.getErrCode() == null ? "SDK.BadResponse" : e.getErrCode();
        String where = action + " in " + region + " (" + endpoint + ")";
        if (code.equals(AliyunCredentials.CODE)) {
            // A refresh that failed mid-run (an expired role session whose renewal STS refused, for example).
            return new KmsCallException(
                    action,
                    code,
                    KmsCallException.Kind.AUTH,
                    null,
                    where + " failed: no credentials: " + e.getErrMsg() + ".");
        }
        if (code.startsWith("SDK.") && !code.equals("SDK.InvalidAccessKeySecret")) {
            Throwable tls = find(e, SSLException.class);
            String scope = tls == null ? null : TrustRegistry.refusal(endpoint);
            if (scope != null) {
                return new KmsCallException(
                        action,
                        code,
                        KmsCallException.Kind.TLS,
                        e.getRequestId(),
                        where
                                + " failed: TLS refused: " + scope
                                + ". A spec's caCert is trusted only for the endpoints its "
                                + "side names (endpoint, actionTrailEndpoint); if this endpoint really uses that CA, give it "
                                + "there.");
            }
            if (tls != null) {
                return new KmsCallException(
                        action,
                        code,
                        KmsCallException.Kind.TLS,
                        e.getRequestId(),
                        where
                                + " failed: TLS handshake failed ("
                                + tls.getClass().getSimpleName() + ": " + firstLine(tls)
                                + "). If the endpoint uses a private CA, set caCert for that region in the spec.");
            }
            String proxy = Proxies.httpsProxyFor(endpoint, System.getenv());
            if (proxy != null) {
                Throwable root = rootCause(e);
                return new KmsCallException(
                        action,
                        code,
                        KmsCallException.Kind.NETWORK,
                        e.getRequestId(),
                        where
                                + " failed through the proxy " + proxy + " (HTTPS_PROXY): "
                                + (root != e
                                        ? root.getClass().getSimpleName() + ": " + firstLine(root)
                                        : e.getErrMsg() != null && e.getErrMsg().startsWith("HTTP ")
                                                ? code + ", " + e.getErrMsg()
                                                : code)
                                + ". Check that the proxy lets HTTPS "
                                + "(CONNECT) to " + endpoint
                                + " through and can reach it, or add the host to NO_PROXY to "
                                + "connect directly.");
            }
            if (code.equals("SDK.BadResponse") || code.equals("SDK.RequestTryOrRetryFailed")) {
                return new KmsCallException(
                        action,
                        code,
                        KmsCallException.Kind.SERVER,
                        e.getRequestId(),
                        where
                                + " failed: the endpoint answered something that is not a KMS response. Is " + endpoint
                                + " a KMS endpoint?");
            }
            Throwable root = rootCause(e);
            return new KmsCallException(
                    action,
                    code,
                    KmsCallException.Kind.NETWORK,
                    e.getRequestId(),
                    where
                            + " failed: no answer (" + code
                            + (root == e ? "" : ", " + root.getClass().getSimpleName() + ": " + firstLine(root))
                            + "). Check the endpoint, the network and proxies.");
        }
        if (AUTH.contains(code) || code.startsWith("InvalidSecurityToken")) {
            return new KmsCallException(
                    action,
                    code,
                    KmsCallException.Kind.AUTH,
                    e.getRequestId(),
                    where
                            + " was refused: " + code
                            + ". The access key id or secret is wrong, or the STS token expired; "
                            + "check the credentials configured for " + region + ".");
        }
        KmsCallException.Kind kind = e instanceof ServerException
                ? KmsCallException.Kind.SERVER
                : code.equals("Rejected.Throttling") || code.startsWith("Throttling")
                        ? KmsCallException.Kind.THROTTLED
                        : NOT_FOUND.contains(code) ? KmsCallException.Kind.NOT_FOUND : KmsCallException.Kind.CLIENT;
        String serverMessage = e.getErrMsg() == null ? "" : firstLine(e.getErrMsg());
        // The whole message, not the first line shown: a value with a line break would leave its first line there.
        if (sentValue != null
                && !sentValue.isEmpty()
                && e.getErrMsg() != null
                && e.getErrMsg().contains(sentValue)) {
            serverMessage = "(message withheld: it repeats the secret value)";
        }
        String hint = switch (code) {
            case "Forbidden.NoPermission" ->
                " The credentials lack a RAM permission for " + action + "; see the README's permissions table.";
            // kms-openapi.md §19: KMS refuses requests stamped more than 15 minutes from its clock.
            case "IllegalTimestamp" ->
                " This machine's clock is more than 15 minutes off " + region + "'s; set it "
                        + "right (NTP) and run again.";
            // §19: every attempt is signed afresh, so a reused nonce means something between here and KMS replayed it.
            case "SignatureNonceUsed" ->
                " KMS saw this request before: a proxy between this machine and " + endpoint
                        + " may be replaying requests.";
            default -> "";
        };
        return new KmsCallException(
                action,
                code,
                kind,
                e.getRequestId(),
                where + " failed: " + code
                        + (serverMessage.isEmpty() ? "" : ": " + serverMessage) + hint
                        + (e.getRequestId() == null ? "" : " (RequestId " + e.getRequestId() + ")"));
    }

    private static Throwable find(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** One line of a message, without any URL query string (it may carry parameters). */
    static String firstLine(Throwable t) {
        return firstLine(t.getMessage() == null ? "" : t.getMessage());
    }

    static String firstLine(String m) {
        int nl = m.indexOf('\n');
        String line = nl >= 0 ? m.substring(0, nl) : m;
        return line.replaceAll("\\?[^\\s]*", "?...").trim();
    }
}
