package io.kmsmig.spec;

/**
 * Where a side's credentials come from; never a key, secret or token itself (validate refuses one). At most one
 * base ({@code profile}, {@code env}, {@code ecsRamRole}, {@code oidc}; none means the default chain), and
 * optionally {@code assumeRole} on top of it.
 *
 * @param profile            aliyun CLI profile name ({@code default}: the default credential chain), or null
 * @param accessKeyIdEnv     environment variable holding the AccessKeyId, or null
 * @param accessKeySecretEnv environment variable holding the AccessKeySecret, or null
 * @param securityTokenEnv   environment variable holding an STS token, or null
 * @param ecsRamRole         the ECS instance RAM role, or null
 * @param oidc               an OIDC role (ACK RRSA), or null
 * @param assumeRole         a RAM role assumed with the base credentials, or null
 */
public record Credentials(
        String profile,
        String accessKeyIdEnv,
        String accessKeySecretEnv,
        String securityTokenEnv,
        EcsRamRole ecsRamRole,
        Oidc oidc,
        AssumeRole assumeRole) {
    /** The default chain: environment, OIDC, aliyun CLI profile, credentials.ini, ECS RAM role, credentials URI. */
    public static final Credentials DEFAULT_CHAIN = new Credentials("default", null, null, null, null, null, null);

    /**
     * The ECS instance RAM role.
     *
     * @param roleName the role name, or null to ask the metadata service
     */
    public record EcsRamRole(String roleName) {}

    /** An OIDC role; null fields come from the ALIBABA_CLOUD_ROLE_ARN / _OIDC_PROVIDER_ARN / _OIDC_TOKEN_FILE variables. */
    public record Oidc(
            String roleArn, String oidcProviderArn, String tokenFile, String sessionName, String stsEndpoint) {}

    /**
     * STS AssumeRole on top of the base credentials.
     *
     * @param roleArn         {@code acs:ram::<account>:role/<name>}
     * @param sessionName     role session name, or null for {@code kmsmig}
     * @param externalId      the external id the role's trust policy requires, or null
     * @param durationSeconds session length, or null for the STS default (3600)
     * @param stsEndpoint     {@code host[:port]} of STS, or null for {@code sts.aliyuncs.com}
     */
    public record AssumeRole(
            String roleArn, String sessionName, String externalId, Integer durationSeconds, String stsEndpoint) {}

    public boolean fromEnv() {
        return accessKeyIdEnv != null;
    }

    /** The same base with {@code role} assumed on top. */
    public Credentials withAssumeRole(AssumeRole role) {
        return new Credentials(profile, accessKeyIdEnv, accessKeySecretEnv, securityTokenEnv, ecsRamRole, oidc, role);
    }

    /** How it reads in messages, e.g. {@code profile default} or {@code env KMS_AK_ID/KMS_AK_SECRET}. */
    public String describe() {
        String base = fromEnv()
                ? "environment variables " + accessKeyIdEnv + "/" + accessKeySecretEnv
                : ecsRamRole != null ? "ecsRamRole" : oidc != null ? "oidc" : "profile " + profile;
        return assumeRole == null ? base : "assumeRole " + assumeRole.roleArn() + " with " + base;
    }
}
