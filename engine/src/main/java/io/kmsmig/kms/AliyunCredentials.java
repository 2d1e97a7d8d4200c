package io.kmsmig.kms;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.CLIProfileCredentialsProvider;
import com.aliyun.credentials.provider.DefaultCredentialsProvider;
import com.aliyun.credentials.provider.EcsRamRoleCredentialProvider;
import com.aliyun.credentials.provider.OIDCRoleArnCredentialProvider;
import com.aliyun.credentials.provider.RamRoleArnCredentialProvider;
import com.aliyun.credentials.provider.StaticCredentialsProvider;
import com.aliyuncs.auth.AlibabaCloudCredentials;
import com.aliyuncs.auth.AlibabaCloudCredentialsProvider;
import com.aliyuncs.auth.BasicCredentials;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.exceptions.ClientException;

/**
 * The credentials of a {@link CredentialSource}, from credentials-java (the ecosystem's maintained chain and
 * providers), handed to the old KMS SDK through its public {@link AlibabaCloudCredentialsProvider} interface. The
 * providers cache and refresh session credentials themselves; the SDK asks on every request.
 *
 * <p>A failure is a {@link ClientException} with code {@link #CODE} whose message names the provider tried and its
 * cause (credentials-java's message, which carries no secret, with any URL query string removed).
 */
final class AliyunCredentials implements AlibabaCloudCredentialsProvider {
    /** The error code of a credential failure, mapped by {@link SdkErrors}. */
    static final String CODE = "Kmsmig.Credentials";

    private final CredentialSource source;
    private final com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider provider;

    private AliyunCredentials(
            CredentialSource source, com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider p) {
        this.source = source;
        this.provider = p;
    }

    /** The SDK provider for {@code source}; building it asks nothing yet. */
    static AlibabaCloudCredentialsProvider of(CredentialSource source) {
        if (source instanceof CredentialSource.StaticKey k) {
            // No provider to ask: the SDK's own static provider, as before.
            return new com.aliyuncs.auth.StaticCredentialsProvider(
                    k.securityToken() == null
                            ? new BasicCredentials(k.accessKeyId(), k.accessKeySecret())
                            : new BasicSessionCredentials(k.accessKeyId(), k.accessKeySecret(), k.securityToken()));
        }
        return new AliyunCredentials(source, build(source));
    }

    private static com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider build(CredentialSource source) {
        if (source instanceof CredentialSource.StaticKey k) {
            return StaticCredentialsProvider.builder()
                    .credential(CredentialModel.builder()
                            .accessKeyId(k.accessKeyId())
                            .accessKeySecret(k.accessKeySecret())
                            .securityToken(k.securityToken())
                            .type(k.securityToken() == null ? "access_key" : "sts")
                            .providerName("static")
                            .build())
                    .build();
        }
        if (source instanceof CredentialSource.NamedProfile p) {
            return CLIProfileCredentialsProvider.builder().profileName(p.name()).build();
        }
        if (source instanceof CredentialSource.EcsRamRole r) {
            return EcsRamRoleCredentialProvider.builder().roleName(r.roleName()).build();
        }
        if (source instanceof CredentialSource.Oidc o) {
            OIDCRoleArnCredentialProvider.Builder b = OIDCRoleArnCredentialProvider.builder();
            if (o.roleArn() != null) {
                b.roleArn(o.roleArn());
            }
            if (o.oidcProviderArn() != null) {
                b.oidcProviderArn(o.oidcProviderArn());
            }
            if (o.tokenFile() != null) {
                b.oidcTokenFilePath(o.tokenFile());
            }
            if (o.sessionName() != null) {
                b.roleSessionName(o.sessionName());
            }
            if (o.stsEndpoint() != null) {
                b.STSEndpoint(o.stsEndpoint());
            }
            return b.build();
        }
        if (source instanceof CredentialSource.AssumedRole a) {
            RamRoleArnCredentialProvider.Builder b = RamRoleArnCredentialProvider.builder()
                    .credentialsProvider(build(a.base()))
                    .roleArn(a.roleArn())
                    .roleSessionName(a.sessionName() == null ? "kmsmig" : a.sessionName());
            if (a.externalId() != null) {
                b.externalId(a.externalId());
            }
            if (a.durationSeconds() != null) {
                b.durationSeconds(a.durationSeconds());
            }
            if (a.stsEndpoint() != null) {
                b.STSEndpoint(a.stsEndpoint());
            }
            return b.build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Builds the provider of {@code source}, turning a refusal to build (missing settings) into the same error. */
    static AlibabaCloudCredentialsProvider checked(CredentialSource source) throws ClientException {
        try {
            return of(source);
        } catch (RuntimeException e) {
            throw failure(source, e);
        }
    }

    @Override
    public AlibabaCloudCredentials getCredentials() throws ClientException {
        CredentialModel m;
        try {
            m = provider.getCredentials();
        } catch (RuntimeException e) {
            throw failure(source, e);
        }
        if (m == null || m.getAccessKeyId() == null || m.getAccessKeySecret() == null) {
            throw new ClientException(CODE, source.describe() + " gave no access key");
        }
        return m.getSecurityToken() == null
                ? new BasicCredentials(m.getAccessKeyId(), m.getAccessKeySecret())
                : new BasicSessionCredentials(m.getAccessKeyId(), m.getAccessKeySecret(), m.getSecurityToken());
    }

    private static ClientException failure(CredentialSource source, RuntimeException e) {
        String cause =
                e.getMessage() == null ? e.getClass().getSimpleName() : SdkErrors.firstLine(withheld(e.getMessage()));
        ClientException ce = new ClientException(CODE, source.describe() + " failed: " + cause);
        ce.initCause(Withheld.of(e));
        return ce;
    }

    /**
     * A credentials-java message without what STS echoes of the request: its SignatureDoesNotMatch message quotes the
     * server's string to sign, which holds every parameter sent, the base credentials' SecurityToken included; an
     * answer body may hold an AccessKeySecret or SecurityToken field.
     */
    static String withheld(String message) {
        return message.replaceAll("(?i)(string to sign is:)[^\"\\s]*", "$1 (withheld: it repeats the request)")
                .replaceAll("\"(AccessKeySecret|SecurityToken)\"\\s*:\\s*\"[^\"]*\"", "\"$1\":\"(withheld)\"");
    }

    /** A cause chain for --debug with the same classes' names and stacks, and the messages {@link #withheld}. */
    private static final class Withheld extends RuntimeException {
        private Withheld(Throwable original, Throwable cause) {
            super(
                    original.getClass().getName()
                            + (original.getMessage() == null ? "" : ": " + withheld(original.getMessage())),
                    cause,
                    false,
                    true);
            setStackTrace(original.getStackTrace());
        }

        static Throwable of(Throwable t) {
            return t == null ? null : new Withheld(t, t.getCause() == t ? null : of(t.getCause()));
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }
}
