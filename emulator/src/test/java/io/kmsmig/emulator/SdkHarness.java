package io.kmsmig.emulator;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.emulator.instance.ClientKeys;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.tls.CertificateAuthority;
import io.kmsmig.emulator.world.ClientKeyInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds real SDK clients for an emulator. aliyun-java-sdk-core configures one JVM-wide HTTP client from the first
 * client built (sdk-wire-protocol.md §2.10), so every client here trusts the JVM's shared emulator CA and allows
 * enough parallel connections for the concurrency tests.
 */
final class SdkHarness {
    private SdkHarness() {}

    /** An emulator on {@link #world(String)}: the JVM's shared client key instead of a freshly generated one. */
    static KmsEmulator start(String worldResource) {
        return KmsEmulator.start(EmulatorConfig.ofYaml(world(worldResource)));
    }

    /** basic.yaml's declaration of the client key the emulator generates on start. */
    private static final String GENERATED_KEY = "{ id: KAAP.test-app, kmsInstanceId: kst-sh-test, generate: true }";

    /** The client key {@link #world(String)} declares, made by {@link ClientKeys#generate} once per JVM. */
    private static ClientKeyInfo sharedKey;

    /**
     * The world resource with its {@code generate: true} client key replaced by the JVM's shared key (same id and
     * instance, its public key, file and password declared). Generating a 2048-bit RSA key is about half a CPU second
     * in a test JVM (C1 only: BigInteger's intrinsics are C2's), and was three quarters of this module's test CPU when
     * every emulator start made one. Tests about generation itself start on {@link #resource(String)}:
     * OwnerOnlyFilesTest (the files, owner-only), AdminApiTest.info_listsEndpointsCaKeysAndAdmin (listed in --info).
     */
    static String world(String worldResource) {
        String text = resource(worldResource);
        if (!text.contains(GENERATED_KEY)) {
            return text;
        }
        ClientKeyInfo k = sharedKey();
        return text.replace(
                GENERATED_KEY,
                "{ id: " + k.id() + ", kmsInstanceId: " + k.kmsInstanceId() + ", publicKeyPem: "
                        + Json.MAPPER.writeValueAsString(k.publicKeyPem()) + ", file: "
                        + Json.MAPPER.writeValueAsString(k.file()) + ", password: "
                        + Json.MAPPER.writeValueAsString(k.password()) + " }");
    }

    /** The JVM's shared client key (KAAP.test-app of kst-sh-test), generated on first use. */
    static synchronized ClientKeyInfo sharedKey() {
        if (sharedKey == null) {
            try {
                Path dir = Files.createTempDirectory("kmsmig-test-client-key-");
                dir.toFile().deleteOnExit(); // after its files: deleteOnExit deletes in reverse order
                sharedKey = ClientKeys.generate("KAAP.test-app", "kst-sh-test", dir);
                try (var files = Files.list(dir)) {
                    files.forEach(f -> f.toFile().deleteOnExit());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sharedKey;
    }

    static String resource(String name) {
        try (InputStream in = SdkHarness.class.getResourceAsStream("/worlds/" + name)) {
            return new String(Objects.requireNonNull(in, name).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpClientConfig httpConfig() {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(
                    "emulator-ca", CertificateAuthority.shared(null).caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            HttpClientConfig cfg = HttpClientConfig.getDefault();
            cfg.setX509TrustManagers(new X509TrustManager[] {(X509TrustManager) tmf.getTrustManagers()[0]});
            cfg.setMaxRequests(256);
            cfg.setMaxRequestsPerHost(128);
            // The SDK's 5 s connect and 10 s read timeouts are for a live network; here 64 clients share two cores
            // with the emulator and, on a loaded machine, a dozen other processes. A timeout is not what these tests
            // prove, so they wait long enough never to mistake a slow machine for a lost request.
            cfg.setConnectionTimeoutMillis(60_000);
            cfg.setReadTimeoutMillis(120_000);
            return cfg;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client for {@code region} signing with access key {@code keyIndex} of the world. */
    static Client client(KmsEmulator emu, String region, int keyIndex) {
        var key = emu.world().accessKeys().get(keyIndex);
        DefaultProfile profile = DefaultProfile.getProfile(region, key.id(), key.secret());
        profile.setHttpClientConfig(httpConfig());
        DefaultAcsClient acs = key.securityToken() == null
                ? new DefaultAcsClient(profile)
                : new DefaultAcsClient(
                        profile,
                        new StaticCredentialsProvider(
                                new BasicSessionCredentials(key.id(), key.secret(), key.securityToken())));
        return new Client(acs, emu.info().regionEndpoint(region));
    }

    static Client client(KmsEmulator emu, String region) {
        return client(emu, region, 0);
    }

    /** A client with a wrong secret for a known key. */
    static Client clientWithSecret(KmsEmulator emu, String region, String id, String secret) {
        DefaultProfile profile = DefaultProfile.getProfile(region, id, secret);
        profile.setHttpClientConfig(httpConfig());
        return new Client(new DefaultAcsClient(profile), emu.info().regionEndpoint(region));
    }

    /** An SDK client bound to one emulator endpoint. */
    record Client(DefaultAcsClient acs, String endpoint) {
        <T extends AcsResponse> T call(AcsRequest<T> req) throws ClientException {
            req.setSysEndpoint(endpoint);
            return acs.getAcsResponse(req);
        }

        /** The error code the call fails with, or fails the test if it succeeds. */
        String errorOf(AcsRequest<?> req) {
            req.setSysEndpoint(endpoint);
            try {
                acs.getAcsResponse(req);
            } catch (ClientException e) {
                return e.getErrCode();
            }
            throw new AssertionError("expected " + req.getSysActionName() + " to fail");
        }
    }
}
