package io.kmsmig.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA that signed nothing the emulator serves: the wrong instance CA a user might configure. */
public final class OtherCa {
    private OtherCa() {}

    public static Path write(Path file) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC"); // EC: an RSA key costs a C1 JVM most of a second
            g.initialize(256);
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=Some other CA");
            var cert = new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    BigInteger.TEN,
                                    Date.from(Instant.now().minus(Duration.ofDays(1))),
                                    Date.from(Instant.now().plus(Duration.ofDays(30))),
                                    name,
                                    kp.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            Files.writeString(
                    file,
                    "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
                            + "\n-----END CERTIFICATE-----\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
