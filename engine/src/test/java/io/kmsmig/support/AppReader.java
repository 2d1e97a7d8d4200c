package io.kmsmig.support;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsRequest;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.emulator.KmsEmulator;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Another team's application: reads a source secret with the plain aliyun SDK and its own access key, the use
 * cutover must notice in ActionTrail.
 */
public final class AppReader {
    private AppReader() {}

    /** GetSecretValue on {@code name} in {@code region}, signed with the world's access key {@code keyId}. */
    public static void read(KmsEmulator emu, String region, String keyId, String name) {
        call(emu, region, keyId, new GetSecretValueRequest(), name);
    }

    /**
     * What a security scanner does: DescribeSecret and ListSecretVersionIds on {@code name}, never its value, signed
     * with the world's access key {@code keyId}.
     */
    public static void describe(KmsEmulator emu, String region, String keyId, String name) {
        DescribeSecretRequest d = new DescribeSecretRequest();
        d.setSecretName(name);
        call(emu, region, keyId, d, null);
        ListSecretVersionIdsRequest l = new ListSecretVersionIdsRequest();
        l.setSecretName(name);
        call(emu, region, keyId, l, null);
    }

    /** {@link #read} signed with an STS session's credentials (issued by the emulator's AssumeRole). */
    public static void readAs(KmsEmulator emu, String region, StsSessions.Session s, String name) {
        DefaultAcsClient client = StsSessions.client(emu, region, s);
        client.appendUserAgent("orders-service", "1.4.2");
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSysEndpoint(emu.info().regionEndpoint(region));
        r.setSecretName(name);
        try {
            client.getAcsResponse(r);
        } catch (ClientException e) {
            throw new AssertionError("the application's read failed: " + e.getErrCode());
        }
    }

    private static void call(KmsEmulator emu, String region, String keyId, com.aliyuncs.AcsRequest<?> r, String name) {
        var key = emu.world().accessKey(keyId).orElseThrow();
        DefaultProfile profile = DefaultProfile.getProfile(region, key.id(), key.secret());
        profile.setHttpClientConfig(trusting(emu));
        DefaultAcsClient client = new DefaultAcsClient(profile);
        client.appendUserAgent("orders-service", "1.4.2");
        r.setSysEndpoint(emu.info().regionEndpoint(region));
        if (r instanceof GetSecretValueRequest g) {
            g.setSecretName(name);
        }
        try {
            client.getAcsResponse(r);
        } catch (ClientException e) {
            throw new AssertionError("the application's " + r.getSysActionName() + " failed: " + e.getErrCode());
        }
    }

    static HttpClientConfig trusting(KmsEmulator emu) {
        try (InputStream in = Files.newInputStream(emu.info().caCertFile())) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            ks.setCertificateEntry(
                    "emulator", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            HttpClientConfig cfg = HttpClientConfig.getDefault();
            cfg.setX509TrustManagers(new X509TrustManager[] {(X509TrustManager) tmf.getTrustManagers()[0]});
            return cfg;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
