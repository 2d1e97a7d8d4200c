package io.kmsmig.emulator.instance;

import io.kmsmig.emulator.world.ClientKeyInfo;
import io.kmsmig.formats.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes application access point client keys the way the console does (sdk-wire-protocol.md §3.2): an RSA key
 * in a password-protected PKCS#12, wrapped as {@code {"KeyId","PrivateKeyData"}} in {@code ClientKey_<id>.json},
 * with the password beside it in {@code clientKey_<id>_Password.txt}.
 */
public final class ClientKeys {
    private ClientKeys() {}

    /** Generates a key for {@code instanceId}, writes its files into {@code dir}, and returns its description. */
    public static ClientKeyInfo generate(String keyId, String instanceId, Path dir) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + keyId);
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    new BigInteger(63, new SecureRandom()).add(BigInteger.ONE),
                                    Date.from(Instant.now().minus(Duration.ofDays(1))),
                                    Date.from(Instant.now().plus(Duration.ofDays(3650))),
                                    name,
                                    kp.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate())));
            byte[] pw = new byte[12];
            new SecureRandom().nextBytes(pw);
            String password =
                    "sandbox-" + Base64.getUrlEncoder().withoutPadding().encodeToString(pw);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry(keyId, kp.getPrivate(), password.toCharArray(), new Certificate[] {cert});
            ByteArrayOutputStream p12 = new ByteArrayOutputStream();
            ks.store(p12, password.toCharArray());
            Path file = dir.resolve("ClientKey_" + keyId + ".json");
            PrivateFiles.writeAtomically(
                    file,
                    ("{\"KeyId\":\"" + keyId + "\",\"PrivateKeyData\":\""
                                    + Base64.getEncoder().encodeToString(p12.toByteArray()) + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            PrivateFiles.writeAtomically(
                    dir.resolve("clientKey_" + keyId + "_Password.txt"), password.getBytes(StandardCharsets.UTF_8));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(kp.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return new ClientKeyInfo(
                    keyId, instanceId, pem, file.toAbsolutePath().toString(), password);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate client key " + keyId, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
