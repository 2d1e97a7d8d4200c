package io.kmsmig.kms;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTPS proxy the old SDK sends a request through, as it decides it (aliyun-java-sdk-core 4.7.10
 * {@code EnvironmentUtils}, {@code HttpUtil.needProxy}): {@code HTTPS_PROXY} (upper case only) unless the endpoint's
 * host is listed in {@code NO_PROXY} (upper case only, comma-separated). Used to name the proxy in errors, since a
 * proxy's own failure (502, a refused CONNECT) otherwise reads as a broken KMS endpoint.
 */
final class Proxies {
    private Proxies() {}

    /** {@code host:port} of the proxy used for {@code endpoint} (no user or password), or null when none. */
    static String httpsProxyFor(String endpoint, Map<String, String> env) {
        String proxy = env.get("HTTPS_PROXY");
        if (proxy == null || proxy.isBlank()) {
            return null;
        }
        String host = endpoint.contains(":") ? endpoint.substring(0, endpoint.lastIndexOf(':')) : endpoint;
        String noProxy = env.getOrDefault("NO_PROXY", "");
        for (String skip : noProxy.split(",")) {
            if (!skip.isBlank() && skip.strip().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                return null;
            }
        }
        try {
            URI u = URI.create(proxy.contains("://") ? proxy.strip() : "http://" + proxy.strip());
            return u.getHost() == null
                    ? "(unparsable HTTPS_PROXY)"
                    : u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return "(unparsable HTTPS_PROXY)";
        }
    }
}
