package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.emulator.tls.CertificateAuthority;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator's HTTPS listeners: one EC P-256 server certificate signed by the CA, served by every listener from
 * one TLS context (start-up unwraps the key once, not once per listener).
 */
class TlsListenersTest {
    private static KmsEmulator emu;

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void everyHttpsListener_servesTheSameEcP256CertificateSignedByTheCa() throws Exception {
        // given: every HTTPS endpoint of the world (regions, gateways, ActionTrail)
        List<String> endpoints = new ArrayList<>(emu.info().regions().values());
        endpoints.addAll(emu.info().instances().values());
        endpoints.addAll(emu.info().actionTrail().values());
        assertTrue(endpoints.size() >= 3, endpoints.toString());
        X509Certificate caCert = emu.certificateAuthority().caCertificate();

        // when
        Set<X509Certificate> served = new HashSet<>();
        for (String hostPort : endpoints) {
            String[] hp = hostPort.split(":");
            SSLContext tls = trustingCa();
            try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(hp[0], Integer.parseInt(hp[1]))) {
                s.setSoTimeout(60_000);
                s.startHandshake();
                Certificate[] chain = s.getSession().getPeerCertificates();
                served.add((X509Certificate) chain[0]);
            }
        }

        // then
        assertEquals(1, served.size(), "one server certificate for all listeners: " + endpoints);
        X509Certificate cert = served.iterator().next();
        assertTrue(
                cert.getPublicKey() instanceof ECPublicKey, cert.getPublicKey().getAlgorithm());
        assertEquals(
                256,
                ((ECPublicKey) cert.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize());
        cert.verify(caCert.getPublicKey());
    }

    private static SSLContext trustingCa() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateAuthority.shared(null).caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
