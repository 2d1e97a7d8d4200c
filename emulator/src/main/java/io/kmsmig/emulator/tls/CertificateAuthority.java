package io.kmsmig.emulator.tls;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.kmsmig.formats.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA for the emulator's HTTPS endpoints, and the server certificate it signs for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}. Clients trust the CA (never "ignore SSL").
 */
public final class CertificateAuthority {
    /** PKCS#12 password of the sandbox CA file and the in-memory server key store; not a secret of anyone's. */
    public static final String STORE_PASSWORD = "kmsmig-sandbox";

    private static final String CA_FILE = "emulator-ca.p12";
    private static final String CA_PEM = "emulator-ca.pem";

    @GuardedBy("CertificateAuthority.class")
    private static CertificateAuthority shared;

    private final PrivateKey caKey;
    private final X509Certificate caCert;

    @GuardedBy("this")
    private KeyStore serverStore;

    @GuardedBy("this")
    private SSLContext serverContext;

    @GuardedBy("this")
    private byte[] keyStoreBytes;

    private CertificateAuthority(PrivateKey caKey, X509Certificate caCert) {
        this.caKey = caKey;
        this.caCert = caCert;
    }

    /**
     * The JVM's CA: loaded from {@code dir} (or created) the first time, reused afterwards. Its key store is saved
     * to {@code dir} (owner-only) when the directory has none, and its PEM written there. {@code dir} may be null for an in-memory CA.
     */
    public static synchronized CertificateAuthority shared(Path dir) {
        if (shared == null) {
            Path file = dir == null ? null : dir.resolve(CA_FILE);
            shared = file != null && Files.exists(file) ? load(file) : create();
        }
        if (dir != null && !Files.exists(dir.resolve(CA_FILE))) {
            shared.save(dir.resolve(CA_FILE)); // beside its PEM, so a later JVM on this dir loads the same CA
        }
        if (dir != null) {
            shared.writePem(dir.resolve(CA_PEM));
        }
        return shared;
    }

    /** The CA certificate as PEM text. */
    public String caPem() {
        return pem(caCert);
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    /** Writes the CA PEM to {@code file} (if it differs) and returns the path. */
    public Path writePem(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            String pem = caPem();
            if (!Files.exists(file) || !Files.readString(file).equals(pem)) {
                Files.writeString(file, pem, StandardCharsets.US_ASCII);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key store holding the server key and its certificate chain, password {@link #STORE_PASSWORD}. */
    public synchronized KeyStore serverKeyStore() {
        if (serverStore == null) {
            try {
                // EC P-256, not RSA-2048: a fresh key per JVM costs ~1 ms instead of up to a second of a loaded
                // core, and every client the emulator serves (JSSE under both SDKs, curl) negotiates ECDSA.
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair kp = g.generateKeyPair();
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                        caCert,
                        serial(),
                        Date.from(Instant.now().minus(Duration.ofDays(1))),
                        Date.from(Instant.now().plus(Duration.ofDays(3650))),
                        new X500Name("CN=localhost, O=kmsmig emulator"),
                        kp.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.iPAddress, "::1")
                }));
                X509Certificate cert = sign(b);
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setEntry(
                        "server",
                        new KeyStore.PrivateKeyEntry(kp.getPrivate(), new Certificate[] {cert, caCert}),
                        keyProtection());
                serverStore = ks;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot create the emulator's server certificate", e);
            }
        }
        return serverStore;
    }

    /**
     * The TLS context every HTTPS listener of every emulator on this CA serves with: the server key is unwrapped
     * from its PKCS#12 store once per JVM, not once per listener. An {@link SSLContext} is safe to share.
     */
    public synchronized SSLContext serverSslContext() {
        if (serverContext == null) {
            try {
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(serverKeyStore(), STORE_PASSWORD.toCharArray());
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(kmf.getKeyManagers(), null, null);
                serverContext = ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot create the emulator's TLS context", e);
            }
        }
        return serverContext;
    }

    static CertificateAuthority create() {
        try {
            KeyPair kp = ec();
            X500Name name = new X500Name("CN=kmsmig emulator CA, O=kmsmig sandbox");
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    name,
                    serial(),
                    Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(Duration.ofDays(3650))),
                    name,
                    kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            CertificateAuthority ca = new CertificateAuthority(kp.getPrivate(), null);
            X509Certificate cert = ca.sign(b);
            return new CertificateAuthority(kp.getPrivate(), cert);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot create the emulator CA", e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder(signatureAlgorithm(caKey)).build(caKey)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    /** ECDSA for the CAs made now; RSA for one an older sandbox saved, which {@link #load} still reads. */
    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    static CertificateAuthority load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, STORE_PASSWORD.toCharArray());
            PrivateKey key = (PrivateKey) ks.getKey("ca", STORE_PASSWORD.toCharArray());
            X509Certificate cert = (X509Certificate) ks.getCertificate("ca");
            if (key == null || cert == null) {
                throw new IllegalStateException(file + " holds no emulator CA; delete it to make a new one");
            }
            return new CertificateAuthority(key, cert);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the emulator CA " + file + "; delete it to make a new one", e);
        }
    }

    void save(Path file) {
        try {
            // The CA's private key: whoever reads it can impersonate any endpoint the sandbox trusts.
            PrivateFiles.writeAtomically(file, keyStoreBytes());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot save the emulator CA to " + file, e);
        }
    }

    /**
     * The CA's PKCS#12 file, made once per JVM: storing runs the password's key derivations (PBKDF2; the MAC's has
     * 10,000 iterations), which cost a C1 JVM tens of milliseconds per emulator started in a new directory (8% of the
     * engine's test JVMs' CPU). The bytes, salts included, are the same file each time.
     */
    private synchronized byte[] keyStoreBytes() throws GeneralSecurityException, IOException {
        if (keyStoreBytes == null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setEntry("ca", new KeyStore.PrivateKeyEntry(caKey, new Certificate[] {caCert}), keyProtection());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ks.store(out, STORE_PASSWORD.toCharArray());
            keyStoreBytes = out.toByteArray();
        }
        return keyStoreBytes.clone();
    }

    /**
     * How a key is wrapped in the CA's and the server's PKCS#12 stores: AES-256 with a key from the store password by
     * PBKDF2 with one iteration, not the JDK's default of 10,000. The password is public ({@link #STORE_PASSWORD}),
     * so iterations protect nothing; what protects the CA key is that its file is owner-only. A sandbox start
     * unwrapped or wrapped a key three times, each a 10,000-iteration derivation of tens of milliseconds in a C1 JVM
     * (a quickstart plan on an existing sandbox: 3.85 -> 3.53 CPU s). Files written with the default still load.
     */
    private static KeyStore.PasswordProtection keyProtection() {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new KeyStore.PasswordProtection(
                STORE_PASSWORD.toCharArray(), "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1));
    }

    /**
     * EC P-256 for the CA too, like the server key: an RSA-2048 key took 0.6-0.8 s of a core in every JVM that made
     * a CA (the JIT's BigInteger intrinsics are C2's, and the sandbox and test JVMs run C1), about 1 ms this way.
     */
    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    /** PEM encoding of a certificate. */
    public static String pem(X509Certificate cert) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(cert.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
