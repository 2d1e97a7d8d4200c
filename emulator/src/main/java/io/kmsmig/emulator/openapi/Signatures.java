package io.kmsmig.emulator.openapi;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Server-side signature recipes of the RPC APIs (sdk-wire-protocol.md §2.5 V1, §2.6 V3). */
public final class Signatures {
    private Signatures() {}

    /** RFC 3986 percent-encoding of UTF-8: keep A-Z a-z 0-9 - _ . ~ (§2.5 step 3). */
    public static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    /** §2.5: {@code METHOD&%2F&pct(sorted k=v joined by &)}, without the Signature parameter. */
    public static String v1StringToSign(String method, Map<String, String> params) {
        StringBuilder canonical = new StringBuilder();
        for (var e : new TreeMap<>(params).entrySet()) {
            if (e.getKey().equals("Signature")) {
                continue;
            }
            if (canonical.length() > 0) {
                canonical.append('&');
            }
            canonical.append(pct(e.getKey())).append('=').append(pct(e.getValue()));
        }
        return method + "&" + pct("/") + "&" + pct(canonical.toString());
    }

    /** §2.5 step 5: Base64(HMAC-SHA1(secret + "&", stringToSign)). */
    public static String v1Signature(String stringToSign, String secret) {
        return Base64.getEncoder()
                .encodeToString(hmac("HmacSHA1", (secret + "&").getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /** A parsed {@code Authorization: ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..} header. */
    public record V3Authorization(String accessKeyId, List<String> signedHeaders, String signature) {
        public static V3Authorization parse(String header) {
            if (header == null || !header.startsWith("ACS3-HMAC-SHA256 ")) {
                return null;
            }
            String ak = null;
            String sig = null;
            List<String> signed = new ArrayList<>();
            for (String part : header.substring("ACS3-HMAC-SHA256 ".length()).split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = p.substring(0, eq);
                String v = p.substring(eq + 1);
                switch (k) {
                    case "Credential" -> ak = v;
                    case "Signature" -> sig = v;
                    case "SignedHeaders" -> signed.addAll(List.of(v.split(";")));
                    default -> {}
                }
            }
            return ak == null || sig == null ? null : new V3Authorization(ak, signed, sig);
        }
    }

    /**
     * §2.6: canonicalRequest = METHOD\n/\nquery\nheaders(name:value\n each)\nsignedHeaders\ncontentSha256;
     * stringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(canonicalRequest)).
     */
    public static String v3StringToSign(
            String method, Map<String, String> query, Map<String, String> lowerHeaders, List<String> signedHeaders) {
        StringBuilder q = new StringBuilder();
        for (var e : new TreeMap<>(query).entrySet()) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(pct(e.getKey())).append('=').append(pct(e.getValue()));
        }
        StringBuilder h = new StringBuilder();
        for (String name : signedHeaders) {
            h.append(name)
                    .append(':')
                    .append(lowerHeaders.getOrDefault(name, "").trim())
                    .append('\n');
        }
        String canonical = method + "\n/\n" + q + "\n" + h + "\n" + String.join(";", signedHeaders) + "\n"
                + lowerHeaders.getOrDefault("x-acs-content-sha256", "");
        return "ACS3-HMAC-SHA256\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** §2.6: hex(HMAC-SHA256(secret, stringToSign)), the key without "&". */
    public static String v3Signature(String stringToSign, String secret) {
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two signatures. */
    public static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String alg, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(alg);
            mac.init(new SecretKeySpec(key, alg));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
