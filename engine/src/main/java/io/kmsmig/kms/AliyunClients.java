package io.kmsmig.kms;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.CLIProfileCredentialsProvider;
import com.aliyuncs.auth.DefaultCredentialsProvider;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.lang.reflect.Method;
import javax.net.ssl.X509TrustManager;

/** Builds aliyun-java-sdk-core clients: credentials from the SDK's own providers, trust from {@link TrustRegistry}. */
final class AliyunClients {
    private AliyunClients() {
    }

    /** Builds the client; {@code ownKeys} receives the access key id it resolved (to recognise kmsmig's own events). */
    static DefaultAcsClient client(RegionTarget t, int parallelism, java.util.function.Consumer<String> ownKeys) {
        DefaultProfile profile = DefaultProfile.getProfile(t.region());
        HttpClientConfig cfg = HttpClientConfig.getDefault();
        cfg.setX509TrustManagers(new X509TrustManager[] {TrustRegistry.trustManager()});
        cfg.setHostnameVerifier(TrustRegistry.hostnameVerifier());
        // The SDK keeps one connection pool per JVM (sdk-wire-protocol.md §2.10); size it for both regions.
        cfg.setMaxRequests(Math.max(64, parallelism * 8));
        cfg.setMaxRequestsPerHost(Math.max(32, parallelism * 4));
        cfg.setConnectionTimeoutMillis(5_000);
        cfg.setReadTimeoutMillis(20_000);
        profile.setHttpClientConfig(cfg);
        AlibabaCloudCredentialsProvider provider = provider(t);
        try {
            ownKeys.accept(provider.getCredentials().getAccessKeyId());
        } catch (ClientException | RuntimeException e) {
            throw new KmsmigException(ErrorCode.CREDENTIALS, "No credentials for the " + t.label() + " region ("
                    + t.region() + ", " + describe(t.credentials()) + "). " + hint(t.credentials()));
        }
        DefaultAcsClient client = new DefaultAcsClient(profile, provider);
        // One retry layer, kmsmig's (Guard): the SDK's own retries would multiply its attempts and hide throttling.
        client.setAutoRetry(false);
        client.setMaxRetryNumber(0);
        client.setSysRetryPolicy(com.aliyuncs.policy.retry.RetryPolicy.none());
        client.appendUserAgent("kmsmig", Versions.kmsmig());
        return client;
    }

    private static AlibabaCloudCredentialsProvider provider(RegionTarget t) {
        CredentialSource c = t.credentials();
        if (c instanceof CredentialSource.StaticKey k) {
            return new StaticCredentialsProvider(k.securityToken() == null
                    ? new BasicCredentials(k.accessKeyId(), k.accessKeySecret())
                    : new BasicSessionCredentials(k.accessKeyId(), k.accessKeySecret(), k.securityToken()));
        }
        if (c instanceof CredentialSource.NamedProfile p) {
            return cliProfile(p.name());
        }
        try {
            return new DefaultCredentialsProvider();
        } catch (ClientException e) {
            throw new KmsmigException(ErrorCode.CREDENTIALS, "The SDK's default credential chain could not start: "
                    + e.getErrCode() + ". " + hint(c));
        }
    }

    /** The CLI-profile provider's builder is package-private in the SDK; reflection reaches its public methods. */
    private static AlibabaCloudCredentialsProvider cliProfile(String name) {
        try {
            Object builder = CLIProfileCredentialsProvider.class.getMethod("builder").invoke(null);
            Method profileName = builder.getClass().getDeclaredMethod("profileName", String.class);
            profileName.setAccessible(true);
            profileName.invoke(builder, name);
            Method build = builder.getClass().getDeclaredMethod("build");
            build.setAccessible(true);
            return (AlibabaCloudCredentialsProvider) build.invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new KmsmigException(ErrorCode.CREDENTIALS, "Cannot read credentials profile '" + name
                    + "' with this SDK version; use { env: ... } credentials instead.");
        }
    }

    static String describe(CredentialSource c) {
        if (c instanceof CredentialSource.StaticKey k) {
            return "access key " + k.accessKeyId() + " from " + k.origin();
        }
        if (c instanceof CredentialSource.NamedProfile p) {
            return "profile " + p.name();
        }
        return "profile default: the SDK's default credential chain";
    }

    private static String hint(CredentialSource c) {
        if (c instanceof CredentialSource.NamedProfile p) {
            return "Create it with 'aliyun configure --profile " + p.name() + "', or use env credentials in the spec.";
        }
        return "Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or write a profile file "
                + "(~/.alibabacloud/credentials.ini or 'aliyun configure'), or run on ECS with a RAM role "
                + "(ALIBABA_CLOUD_ECS_METADATA).";
    }
}
