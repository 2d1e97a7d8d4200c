package io.kmsmig.kms;

/**
 * Where a region's credentials come from, resolved from the spec (or the sandbox). Never printed with a secret:
 * every {@code toString} and {@link #describe()} names the provider and its inputs, not the key.
 */
public sealed interface CredentialSource {
    /** A key in hand: read from environment variables, or the sandbox world's first key. */
    record StaticKey(String accessKeyId, String accessKeySecret, String securityToken, String origin)
            implements CredentialSource {
        @Override
        public String toString() {
            return "StaticKey(" + accessKeyId + " from " + origin + ")";
        }
    }

    /**
     * credentials-java's default chain: system properties, environment variables, OIDC (ACK RRSA), the aliyun
     * CLI's current profile, {@code ~/.alibabacloud/credentials.ini}, the ECS RAM role, a credentials URI.
     */
    record DefaultChain() implements CredentialSource {}

    /** A named profile of the aliyun CLI's {@code ~/.aliyun/config.json}, in any mode credentials-java reads. */
    record NamedProfile(String name) implements CredentialSource {}

    /**
     * The ECS instance's RAM role through the metadata service (IMDSv2 token first).
     *
     * @param roleName the role, or null to ask the metadata service which role the instance has
     */
    record EcsRamRole(String roleName) implements CredentialSource {}

    /**
     * An OIDC token exchanged for STS credentials (AssumeRoleWithOIDC, as ACK RRSA sets up). Null fields come from
     * {@code ALIBABA_CLOUD_ROLE_ARN}, {@code ALIBABA_CLOUD_OIDC_PROVIDER_ARN}, {@code ALIBABA_CLOUD_OIDC_TOKEN_FILE}.
     */
    record Oidc(String roleArn, String oidcProviderArn, String tokenFile, String sessionName, String stsEndpoint)
            implements CredentialSource {}

    /**
     * STS AssumeRole on top of what {@code base} yields.
     *
     * @param durationSeconds null for the STS default
     * @param stsEndpoint     null for {@code sts.aliyuncs.com}
     */
    record AssumedRole(
            CredentialSource base,
            String roleArn,
            String sessionName,
            String externalId,
            Integer durationSeconds,
            String stsEndpoint)
            implements CredentialSource {}

    /** The access key id, when known before the first call (to recognise kmsmig's own ActionTrail events). */
    default String knownAccessKeyId() {
        return this instanceof StaticKey k ? k.accessKeyId() : null;
    }

    /** How messages name this source: the provider and its inputs, never a secret. */
    default String describe() {
        if (this instanceof StaticKey k) {
            return "access key " + k.accessKeyId() + " from " + k.origin();
        }
        if (this instanceof NamedProfile p) {
            return "aliyun CLI profile '" + p.name() + "' (~/.aliyun/config.json)";
        }
        if (this instanceof EcsRamRole r) {
            return "the ECS RAM role" + (r.roleName() == null ? " of this instance" : " " + r.roleName())
                    + " (metadata service)";
        }
        if (this instanceof Oidc o) {
            return "OIDC role " + (o.roleArn() == null ? "from ALIBABA_CLOUD_ROLE_ARN" : o.roleArn());
        }
        if (this instanceof AssumedRole a) {
            return "role " + a.roleArn() + " assumed with " + a.base().describe();
        }
        return "the default credential chain (environment, OIDC, aliyun CLI profile, credentials.ini, ECS RAM role, "
                + "credentials URI)";
    }
}
