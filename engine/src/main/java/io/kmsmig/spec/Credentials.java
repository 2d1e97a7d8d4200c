package io.kmsmig.spec;

/**
 * Where an access key comes from; never the key itself.
 *
 * @param profile            profile name ({@code default}: the SDK's default credential chain), or null
 * @param accessKeyIdEnv     environment variable holding the AccessKeyId, or null
 * @param accessKeySecretEnv environment variable holding the AccessKeySecret, or null
 * @param securityTokenEnv   environment variable holding an STS token, or null
 */
public record Credentials(String profile, String accessKeyIdEnv, String accessKeySecretEnv, String securityTokenEnv) {
    /** The SDK's default chain: environment, profile files, ECS RAM role. */
    public static final Credentials DEFAULT_CHAIN = new Credentials("default", null, null, null);

    public boolean fromEnv() {
        return accessKeyIdEnv != null;
    }

    /** How it reads in messages, e.g. {@code profile default} or {@code env KMS_AK_ID/KMS_AK_SECRET}. */
    public String describe() {
        return fromEnv() ? "environment variables " + accessKeyIdEnv + "/" + accessKeySecretEnv : "profile " + profile;
    }
}
