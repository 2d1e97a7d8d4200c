package io.kmsmig.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kmsmig.emulator.tls.CertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A local stand-in for the services credentials-java asks for credentials: STS (AssumeRole, AssumeRoleWithOIDC) over
 * HTTPS with a certificate from the emulator's CA, and a credentials URI over HTTP. It hands out one fixed STS key
 * (which the test's emulator world declares) or a fixed error, and records every request's parameters.
 */
public final class StandInSts implements AutoCloseable {
    private final HttpServer server;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile boolean signatureMismatch;
    private final String keyId;
    private final String secret;
    private final String token;

    private StandInSts(boolean https, CertificateAuthority ca, String keyId, String secret, String token) {
        this.keyId = keyId;
        this.secret = secret;
        this.token = token;
        try {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            if (https) {
                HttpsServer s = HttpsServer.create(at, 0);
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ca.serverKeyStore(), CertificateAuthority.STORE_PASSWORD.toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                s.setHttpsConfigurator(new HttpsConfigurator(ctx));
                server = s;
            } else {
                server = HttpServer.create(at, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    /** STS over HTTPS, its certificate signed by {@code ca}. */
    public static StandInSts sts(CertificateAuthority ca, String keyId, String secret, String token) {
        return new StandInSts(true, ca, keyId, secret, token);
    }

    /**
     * A credentials URI over plain HTTP (ALIBABA_CLOUD_CREDENTIALS_URI), or the ECS metadata service when a child JVM
     * sends its plain-HTTP requests here as its proxy (the metadata address is fixed in credentials-java, so the
     * test never reaches for it): IMDSv2 token, role name, role credentials.
     */
    public static StandInSts credentialsUri(String keyId, String secret, String token) {
        return new StandInSts(false, null, keyId, secret, token);
    }

    /** {@code host:port} to put in a spec's stsEndpoint. */
    public String endpoint() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public String url() {
        return "http://" + endpoint() + "/credentials";
    }

    /** Answer every request with this HTTP status from now on (403: the role refuses the caller). */
    public void failWith(int httpStatus) {
        status = httpStatus;
    }

    /**
     * Answer every request as STS does a signature it computed otherwise: 400 SignatureDoesNotMatch, its message
     * repeating the server's string to sign, which holds every parameter sent (a SecurityToken included).
     */
    public void failWithSignatureMismatch() {
        status = 400;
        signatureMismatch = true;
    }

    /** The parameters of every request so far (query and form). */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange x) throws IOException {
        Map<String, String> params = new TreeMap<>();
        parse(x.getRequestURI().getRawQuery(), params);
        parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
        requests.add(params);
        String expiration = Instant.now()
                .plus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        String creds = "\"AccessKeyId\":\"" + keyId + "\",\"AccessKeySecret\":\"" + secret + "\",\"SecurityToken\":\""
                + token + "\",\"Expiration\":\"" + expiration + "\"";
        String path = x.getRequestURI().getPath();
        params.put("(path)", path);
        params.put("(metadata-token)", String.valueOf(x.getRequestHeaders().getFirst("X-aliyun-ecs-metadata-token")));
        String body;
        if (status == 200 && path.endsWith("/latest/api/token")) {
            body = "stand-in-imds-token";
        } else if (status == 200 && path.endsWith("/security-credentials/")) {
            body = "kmsmig-ecs-role";
        } else if (signatureMismatch) {
            StringBuilder query = new StringBuilder();
            params.forEach((k, v) -> {
                if (!k.startsWith("(") && !k.equals("Signature")) {
                    query.append(query.length() == 0 ? "" : "&")
                            .append(pct(k))
                            .append('=')
                            .append(pct(v));
                }
            });
            body = "{\"RequestId\":\"stand-in\",\"HostId\":\"sts.aliyuncs.com\",\"Code\":\"SignatureDoesNotMatch\","
                    + "\"Message\":\"Specified signature is not matched with our calculation. server string to sign is:"
                    + x.getRequestMethod() + "&%2F&" + pct(query.toString()) + "\"}";
        } else if (status != 200) {
            body =
                    "{\"RequestId\":\"stand-in\",\"Code\":\"NoPermission\",\"Message\":\"You are not authorized to do this "
                            + "action. You should be authorized by RAM.\"}";
        } else if (params.containsKey("Action")) {
            body = "{\"RequestId\":\"stand-in\",\"AssumedRoleUser\":{\"Arn\":\"" + params.get("RoleArn")
                    + "/s\",\"AssumedRoleId\":\"300:s\"},\"Credentials\":{" + creds + "}}";
        } else {
            body = "{\"Code\":\"Success\",\"LastUpdated\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\","
                    + creds + "}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static String pct(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static void parse(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            into.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
