package io.kmsmig.kms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;

/**
 * Which CAs kmsmig trusts for which endpoint: the JDK's CAs for every endpoint, and a CA given in the spec (caCert)
 * or the sandbox's CA only for the endpoints ({@code host[:port]}) it was given for. A private KMS instance CA
 * therefore never vouches for the public KMS, STS or ActionTrail endpoints.
 *
 * <p>aliyun-java-sdk-core builds one HTTP client per JVM from the first client's TLS settings (sdk-wire-protocol.md
 * §2.10), and its trust manager is called without the socket, so it cannot know the host. The decision is split:
 * {@link #trustManager()} accepts a chain that the JDK's CAs or any registered CA sign, and {@link #hostnameVerifier()},
 * which the HTTP client calls after the handshake with the host and the session, checks the host name and that a
 * chain not signed by the JDK's CAs is signed by a CA registered for that very {@code host:port}.
 */
public final class TrustRegistry {
    private static final Map<String, List<X509Certificate>> BY_ENDPOINT = new ConcurrentHashMap<>();
    private static final Map<String, String> REFUSALS = new ConcurrentHashMap<>();
    private static final X509TrustManager JDK = jdkDefault();
    private static final X509TrustManager LIVE = new Live();
    private static final HostnameVerifier VERIFIER = new Scoped();

    private TrustRegistry() {}

    /** Trusts the certificates of a PEM file for {@code endpoint} only; a bad file is an IllegalArgumentException naming it. */
    public static void register(String endpoint, Path pem) {
        read(pem).forEach(c -> register(endpoint, c));
    }

    /** Trusts {@code cert} for {@code endpoint} ({@code host[:port]}, port 443 when absent) only. */
    public static void register(String endpoint, X509Certificate cert) {
        List<X509Certificate> list = BY_ENDPOINT.computeIfAbsent(key(endpoint), k -> new CopyOnWriteArrayList<>());
        if (!list.contains(cert)) {
            list.add(cert);
        }
    }

    /**
     * Trusts nothing more for {@code endpoint}: a JVM in which one address served several servers in turn (a test
     * JVM whose emulators reuse a freed port) would otherwise carry an earlier server's CA over to the next one.
     */
    public static void forget(String endpoint) {
        BY_ENDPOINT.remove(key(endpoint));
        REFUSALS.remove(key(endpoint));
    }

    /** Reads a PEM file's certificates: at least one, else an IllegalArgumentException naming the file. */
    public static List<X509Certificate> read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certs =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            return certs.stream().map(c -> (X509Certificate) c).toList();
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate file: " + e.getMessage());
        }
    }

    /** The trust manager to hand the SDK. */
    public static X509TrustManager trustManager() {
        return LIVE;
    }

    /** The host name verifier to hand the SDK: host name check plus the per-endpoint CA scope. */
    public static HostnameVerifier hostnameVerifier() {
        return VERIFIER;
    }

    /** Why the last TLS connection to {@code endpoint} was refused by the CA scope, or null. */
    static String refusal(String endpoint) {
        return REFUSALS.get(key(endpoint));
    }

    static String key(String endpoint) {
        String e = endpoint.toLowerCase(Locale.ROOT);
        return e.lastIndexOf(':') > e.lastIndexOf(']') ? e : e + ":443";
    }

    private static X509TrustManager jdkDefault() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init((KeyStore) null);
            return (X509TrustManager) f.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager of(Collection<X509Certificate> cas) throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate c : cas) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    private static boolean signedBy(Collection<X509Certificate> cas, X509Certificate[] chain, String authType) {
        if (cas.isEmpty()) {
            return false;
        }
        try {
            of(cas).checkServerTrusted(chain, authType);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean jdkTrusts(X509Certificate[] chain, String authType) {
        try {
            JDK.checkServerTrusted(chain, authType);
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private static List<X509Certificate> all() {
        List<X509Certificate> all = new ArrayList<>();
        BY_ENDPOINT.values().forEach(all::addAll);
        return all;
    }

    /** Accepts what the JDK or some registered CA signs; the endpoint scope is checked by {@link Scoped}. */
    private static final class Live implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            JDK.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                JDK.checkServerTrusted(chain, authType);
            } catch (CertificateException notPublic) {
                if (!signedBy(all(), chain, authType)) {
                    throw notPublic;
                }
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(JDK.getAcceptedIssuers()));
            all.addAll(all());
            return all.toArray(new X509Certificate[0]);
        }
    }

    private static final class Scoped implements HostnameVerifier {
        private final HostnameVerifier names = new DefaultHostnameVerifier();

        @Override
        public boolean verify(String host, SSLSession session) {
            if (!names.verify(host, session)) {
                return false;
            }
            X509Certificate[] chain;
            try {
                Certificate[] peer = session.getPeerCertificates();
                chain = Arrays.copyOf(peer, peer.length, X509Certificate[].class);
            } catch (SSLPeerUnverifiedException | ArrayStoreException e) {
                return false;
            }
            String authType = "UNKNOWN";
            String endpoint = key(host + ":" + (session.getPeerPort() > 0 ? session.getPeerPort() : 443));
            if (jdkTrusts(chain, authType)
                    || signedBy(BY_ENDPOINT.getOrDefault(endpoint, List.of()), chain, authType)) {
                REFUSALS.remove(endpoint);
                return true;
            }
            REFUSALS.put(
                    endpoint,
                    "its certificate is signed by a CA that kmsmig trusts only for "
                            + String.join(
                                    ", ",
                                    BY_ENDPOINT.entrySet().stream()
                                            .filter(e -> signedBy(e.getValue(), chain, authType))
                                            .map(Map.Entry::getKey)
                                            .sorted()
                                            .toList())
                            + ", not for " + endpoint);
            return false;
        }
    }
}
