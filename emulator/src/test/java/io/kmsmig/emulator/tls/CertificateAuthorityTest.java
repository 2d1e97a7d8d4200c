package io.kmsmig.emulator.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void aNewCa_isEcP256_andSignsTheServerCertificateWithEcdsa() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        assertEquals("EC", ca.caCertificate().getPublicKey().getAlgorithm());
        X509Certificate server = serverCertificate(ca);
        assertEquals("SHA256withECDSA", server.getSigAlgName());
        server.verify(ca.caCertificate().getPublicKey()); // throws unless the CA signed it
    }

    /** Each new directory gets the CA's file (made once per JVM), and a later JVM loading it gets the same CA. */
    @Test
    void theSavedFile_loadsAsTheSameCa_inEveryDirectory() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create();
        for (String d : new String[] {"a", "b"}) {
            Path file = dir.resolve(d).resolve("emulator-ca.p12");
            Files.createDirectories(file.getParent());
            ca.save(file);
            CertificateAuthority loaded = CertificateAuthority.load(file);
            assertEquals(ca.caCertificate(), loaded.caCertificate());
            serverCertificate(loaded).verify(ca.caCertificate().getPublicKey()); // the loaded key is the CA's
        }
    }

    /** A sandbox directory from before the CA was EC keeps its RSA CA: clients trusting its PEM must still connect. */
    @Test
    void anRsaCaSavedByAnOlderSandbox_stillSignsTheServerCertificate_withRsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        X500Name name = new X500Name("CN=kmsmig emulator CA, O=kmsmig sandbox");
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                name,
                BigInteger.TWO,
                Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))),
                name,
                kp.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        X509Certificate caCert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] password = CertificateAuthority.STORE_PASSWORD.toCharArray();
        ks.setKeyEntry("ca", kp.getPrivate(), password, new Certificate[] {caCert});
        Path file = dir.resolve("emulator-ca.p12");
        try (var out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }

        CertificateAuthority ca = CertificateAuthority.load(file);
        X509Certificate server = serverCertificate(ca);
        assertEquals("SHA256withRSA", server.getSigAlgName());
        server.verify(caCert.getPublicKey());
    }

    private static X509Certificate serverCertificate(CertificateAuthority ca) throws Exception {
        return (X509Certificate) ca.serverKeyStore().getCertificate("server");
    }
}
