package io.kmsmig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.EmulatorConfig;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.support.ChildJvm;
import io.kmsmig.support.Worlds;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With HTTPS_PROXY set (which the old SDK honours), a proxy that answers 502 is named in the error, with what to do,
 * instead of the endpoint being suspected of not being KMS. kmsmig runs in a child JVM with that environment; both
 * cases' plans run in the same child, whose environment is exactly what each case needs.
 */
class ProxyErrorTest {
    /** A proxy that answers every request, CONNECT included, with 502 Bad Gateway. */
    private static final class BadGateway implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger requests = new AtomicInteger();
        final List<String> requestLines = new java.util.concurrent.CopyOnWriteArrayList<>();
        final Thread thread;

        BadGateway() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "bad-gateway-proxy");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[8192];
                    int n = in.read(buf);
                    String head = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
                    if (head.contains("\r\n\r\n")) {
                        requests.incrementAndGet();
                        requestLines.add(head.substring(0, head.indexOf("\r\n")));
                    }
                    out.write(("HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 21\r\n"
                                    + "Connection: close\r\n\r\n<h1>Bad Gateway</h1>\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static KmsEmulator emu;
    private static BadGateway proxy;
    private static ChildJvm.Result viaEmulator;
    private static ChildJvm.Result viaVpc;

    /**
     * Both cases have the same environment (the keys and HTTPS_PROXY naming the one proxy), so one child JVM runs both
     * plans, the VPC one first: each is a whole kmsmig run with that process environment.
     */
    @BeforeAll
    static void planBothThroughTheProxy(@TempDir Path dir) throws IOException {
        emu = KmsEmulator.start(EmulatorConfig.ofYaml(Worlds.generic(1, true, "{}")));
        proxy = new BadGateway();
        Files.writeString(dir.resolve("emulator.yaml"), Worlds.cloudSpec(emu.info(), "execution: { maxAttempts: 1 }"));
        // no explicit endpoint, endpointType vpc; the local proxy sees where the SDK connects (no DNS here)
        Files.writeString(
                dir.resolve("vpc.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: vpc",
                        "source: { region: cn-hangzhou, endpointType: vpc,",
                        "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } } }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-sh-gen, encryptionKeyId: key-sh-gen,",
                        "  credentials: { env: { accessKeyId: KMSMIG_AK_ID, accessKeySecret: KMSMIG_AK_SECRET } } }",
                        "state: state.json",
                        "execution: { maxAttempts: 1 }",
                        ""));
        Map<String, String> env = Map.of(
                "KMSMIG_AK_ID",
                "LTAIgenMigrator",
                "KMSMIG_AK_SECRET",
                "gen-migrator-secret",
                "HTTPS_PROXY",
                "http://" + proxy.address());
        List<ChildJvm.Result> rs = ChildJvm.runEach(
                dir,
                Files.createDirectories(dir.resolve("home")),
                env,
                List.of(),
                List.of(List.of("plan", "-f", "vpc.yaml"), List.of("plan", "-f", "emulator.yaml")));
        viaVpc = rs.get(0);
        viaEmulator = rs.get(1);
    }

    @AfterAll
    static void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (emu != null) {
            emu.close();
        }
    }

    @Test
    void proxyAnswering502_isNamedInTheError() {
        ChildJvm.Result r = viaEmulator;
        assertEquals(1, r.exit(), r.output());
        String endpoint = emu.info().regionEndpoint("cn-hangzhou");
        java.net.URI uri = java.net.URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint);
        assertTrue(
                proxy.requestLines.stream()
                        .anyMatch(l -> l.startsWith("CONNECT " + uri.getHost() + ":" + uri.getPort() + " ")),
                "the request went to the proxy: " + proxy.requestLines);
        assertTrue(
                r.output().contains("(" + endpoint + ") failed through the proxy " + proxy.address() + " (HTTPS_PROXY)")
                        && r.output().contains("add the host to NO_PROXY"),
                r.output());
        assertTrue(r.output().contains("502"), r.output());
        assertFalse(r.output().contains("a KMS endpoint?"), r.output());
    }

    @Test
    void endpointTypeVpc_sendsToTheRegionsVpcEndpoint() {
        ChildJvm.Result r = viaVpc;
        assertEquals(1, r.exit(), r.output());
        assertEquals("CONNECT kms-vpc.cn-hangzhou.aliyuncs.com:443 HTTP/1.1", proxy.requestLines.get(0), r.output());
        assertTrue(r.output().contains("(kms-vpc.cn-hangzhou.aliyuncs.com) failed through the proxy"), r.output());
    }
}
