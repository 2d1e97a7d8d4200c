package io.kmsmig.kms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The JVM's trust for KMS endpoints: the JDK's CAs plus CAs registered at run time (a spec's caCert, the
 * sandbox CA). aliyun-java-sdk-core builds one HTTP client per JVM from the first client's TLS settings
 * (sdk-wire-protocol.md §2.10), so the trust manager it receives consults this registry at handshake time
 * instead of a snapshot.
 */
public final class TrustRegistry {
    private static final List<X509Certificate> EXTRA = new CopyOnWriteArrayList<>();
    private static final X509TrustManager LIVE = new Live();

    private TrustRegistry() {
    }

    /** Adds the certificates of a PEM file; a bad file is an IllegalArgumentException naming it. */
    public static void register(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends java.security.cert.Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(pem + " holds no certificate");
            }
            certs.forEach(c -> register((X509Certificate) c));
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(pem + " is not a PEM certificate file: " + e.getMessage());
        }
    }

    public static void register(X509Certificate cert) {
        if (!EXTRA.contains(cert)) {
            EXTRA.add(cert);
        }
    }

    /** The trust manager to hand the SDK. */
    public static X509TrustManager trustManager() {
        return LIVE;
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

    private static X509TrustManager extra() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate c : EXTRA) {
            ks.setCertificateEntry("extra-" + i++, c);
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        return (X509TrustManager) f.getTrustManagers()[0];
    }

    private static final class Live implements X509TrustManager {
        private final X509TrustManager jdk = jdkDefault();

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            jdk.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                jdk.checkServerTrusted(chain, authType);
            } catch (CertificateException notPublic) {
                if (EXTRA.isEmpty()) {
                    throw notPublic;
                }
                try {
                    extra().checkServerTrusted(chain, authType);
                } catch (GeneralSecurityException e) {
                    throw e instanceof CertificateException ce ? ce : new CertificateException(e);
                }
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> all = new ArrayList<>(List.of(jdk.getAcceptedIssuers()));
            all.addAll(EXTRA);
            return all.toArray(new X509Certificate[0]);
        }
    }
}
