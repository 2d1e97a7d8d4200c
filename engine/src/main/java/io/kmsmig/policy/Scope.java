package io.kmsmig.policy;

/** What a grant's Resource is, before the spec fills in regions, account, names and key. */
enum Scope {
    /**
     * Actions that do not act on one secret or key (ListSecrets, GetKmsInstance): every KMS resource of the region,
     * {@code acs:kms:<region>:<account>:*}; the action alone limits what they can do.
     */
    REGION,
    /** The selected secrets: {@code acs:kms:<region>:<account>:secret/<pattern>} for each name pattern. */
    SECRETS,
    /** The destination's {@code encryptionKeyId}: {@code acs:kms:<region>:<account>:key/<id>}. */
    KEY,
    /**
     * Every key of the region, {@code acs:kms:<region>:<account>:key/*}: the source secrets' keys, which a spec does
     * not name (DescribeSecret's EncryptionKeyId would; narrow it to those keys if you can).
     */
    ANY_KEY,
    /** ActionTrail's events of the region: {@code acs:actiontrail:<region>:<account>:*} (doc-detail/103029). */
    TRAIL
}
