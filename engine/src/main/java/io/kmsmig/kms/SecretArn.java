package io.kmsmig.kms;

import java.util.Optional;

/**
 * A secret's ARN as KMS answers it in DescribeSecret and CreateSecret ({@code Arn}): {@code
 * acs:kms:<region>:<account>:secret/<name>} (kms-openapi.md §DescribeSecret, "ARN format"). KMS's text is read here,
 * in the adapter, and nowhere else; the engine builds the ARN of a secret it creates from the parts.
 *
 * @param region  the region id
 * @param account the account id
 * @param name    the secret's name (may contain '/')
 */
public record SecretArn(String region, String account, String name) {
    private static final String PREFIX = "acs:kms:";
    private static final String RESOURCE = "secret/";

    /** The ARN KMS answered, or empty when there is none or it is not a secret's ARN in that form. */
    public static Optional<SecretArn> of(String arn) {
        if (arn == null || !arn.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = arn.substring(PREFIX.length()).split(":", 3);
        if (parts.length != 3 || !parts[2].startsWith(RESOURCE)) {
            return Optional.empty();
        }
        return Optional.of(new SecretArn(parts[0], parts[1], parts[2].substring(RESOURCE.length())));
    }

    @Override
    public String toString() {
        return PREFIX + region + ":" + account + ":" + RESOURCE + name;
    }
}
