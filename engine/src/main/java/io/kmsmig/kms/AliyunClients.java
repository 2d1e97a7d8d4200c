package io.kmsmig.kms;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.HttpClientConfig;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.diag.ErrorCode;
import io.kmsmig.diag.KmsmigException;
import java.util.function.Consumer;
import javax.net.ssl.X509TrustManager;

/**
 * Builds aliyun-java-sdk-core clients: credentials from {@link AliyunCredentials} (credentials-java), trust from
 * {@link TrustRegistry}, retries off (kmsmig's {@link Guard} is the one retry layer).
 */
final class AliyunClients {
    private AliyunClients() {}

    /** Builds the client; {@code ownKeys} receives the access key id it resolved (to recognise kmsmig's own events). */
    static DefaultAcsClient client(RegionTarget t, int parallelism, Consumer<String> ownKeys) {
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
        AlibabaCloudCredentialsProvider provider;
        try {
            provider = AliyunCredentials.checked(t.credentials());
            ownKeys.accept(provider.getCredentials().getAccessKeyId());
        } catch (ClientException e) {
            throw new KmsmigException(
                    ErrorCode.CREDENTIALS,
                    "No credentials for the " + t.label() + " region (" + t.region() + "): " + e.getErrMsg() + ". "
                            + hint(t.credentials()),
                    e);
        }
        DefaultAcsClient client = new DefaultAcsClient(profile, provider);
        // One retry layer, kmsmig's (Guard): the SDK's own retries would multiply its attempts and hide throttling.
        client.setAutoRetry(false);
        client.setMaxRetryNumber(0);
        client.setSysRetryPolicy(com.aliyuncs.policy.retry.RetryPolicy.none());
        client.appendUserAgent("kmsmig", Versions.kmsmig());
        return client;
    }

    static String describe(CredentialSource c) {
        return c.describe();
    }

    private static String hint(CredentialSource c) {
        if (c instanceof CredentialSource.AssumedRole) {
            return "Check that the role exists, trusts the caller, and (with externalId) that the ids match; "
                    + "--debug shows the cause's stack.";
        }
        if (c instanceof CredentialSource.NamedProfile p) {
            return "Check the profile with 'aliyun configure list', or create it with 'aliyun configure --profile "
                    + p.name() + "'; --debug shows the cause's stack.";
        }
        if (c instanceof CredentialSource.EcsRamRole || c instanceof CredentialSource.Oidc) {
            return "--debug shows the cause's stack.";
        }
        return "Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or write a profile "
                + "('aliyun configure' or ~/.alibabacloud/credentials.ini), or run on ECS with a RAM role; "
                + "--debug shows the cause's stack.";
    }
}
