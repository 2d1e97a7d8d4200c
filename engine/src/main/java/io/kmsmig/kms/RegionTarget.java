package io.kmsmig.kms;

/**
 * One region to connect to.
 *
 * @param region              region id
 * @param kmsEndpoint         KMS OpenAPI endpoint {@code host[:port]}
 * @param actionTrailEndpoint ActionTrail endpoint {@code host[:port]}
 * @param credentials         where the access key comes from
 * @param label               how messages name it: "source" or "destination"
 * @param stsEndpoint         STS endpoint {@code host[:port]} that answers GetCallerIdentity for these credentials
 */
public record RegionTarget(
        String region,
        String kmsEndpoint,
        String actionTrailEndpoint,
        CredentialSource credentials,
        String label,
        String stsEndpoint) {
    /** kms-openapi.md §19: the public STS endpoint, valid for every region. */
    public static final String DEFAULT_STS = "sts.aliyuncs.com";

    /** A target whose caller identity comes from the public STS endpoint. */
    public RegionTarget(
            String region, String kmsEndpoint, String actionTrailEndpoint, CredentialSource credentials, String label) {
        this(region, kmsEndpoint, actionTrailEndpoint, credentials, label, DEFAULT_STS);
    }
}
