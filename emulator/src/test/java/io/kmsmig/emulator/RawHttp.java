package io.kmsmig.emulator;

import io.kmsmig.emulator.tls.CertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Plain HTTPS requests to the emulator, for wire cases the SDKs never produce (GET, form bodies, tampering). */
final class RawHttp {
    private static HttpClient client;

    private RawHttp() {}

    static synchronized HttpClient client() throws Exception {
        if (client == null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry("ca", CertificateAuthority.shared(null).caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            client = HttpClient.newBuilder()
                    .sslContext(ctx)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }

    /** Sends one request line over a raw TLS socket and returns the answer's status line. */
    static String rawStatusLine(String hostPort, String requestLine) throws Exception {
        client();
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateAuthority.shared(null).caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        String[] hp = hostPort.split(":");
        try (var socket = ctx.getSocketFactory().createSocket(hp[0], Integer.parseInt(hp[1]))) {
            socket.setSoTimeout(5000);
            socket.getOutputStream()
                    .write((requestLine + "\r\nHost: " + hostPort + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(socket.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            return in.readLine();
        }
    }

    static HttpResponse<byte[]> send(String method, String url, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(b::header);
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return client().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
