package io.kmsmig.spec;

import java.nio.file.Path;

/**
 * One region's connection settings.
 *
 * @param region      region id
 * @param endpoint    KMS OpenAPI endpoint {@code host[:port]}, or null for {@code kms.<region>.aliyuncs.com}
 * @param credentials where the access key comes from
 * @param caCert      extra CA (PEM) to trust for this region's endpoints, or null
 * @param actionTrail ActionTrail endpoint {@code host[:port]}, or null for {@code actiontrail.<region>.aliyuncs.com}
 * @param vpc         {@code endpointType: vpc}: without an explicit endpoint, use the region's VPC endpoint
 * @param sts         STS endpoint {@code host[:port]} asked who the credentials are, or null for the default
 */
public record Endpoints(
        String region,
        String endpoint,
        Credentials credentials,
        Path caCert,
        String actionTrail,
        boolean vpc,
        String sts) {
    /** Without the VPC switch. */
    public Endpoints(String region, String endpoint, Credentials credentials, Path caCert, String actionTrail) {
        this(region, endpoint, credentials, caCert, actionTrail, false, null);
    }

    /** Without an explicit STS endpoint. */
    public Endpoints(
            String region, String endpoint, Credentials credentials, Path caCert, String actionTrail, boolean vpc) {
        this(region, endpoint, credentials, caCert, actionTrail, vpc, null);
    }

    /**
     * The KMS endpoint to use: the explicit one, else {@code kms-vpc.<region>.aliyuncs.com} with
     * {@code endpointType: vpc}, else {@code kms.<region>.aliyuncs.com} (kms-openapi.md, endpoints).
     */
    public String kmsEndpoint() {
        return endpoint != null ? endpoint : (vpc ? "kms-vpc." : "kms.") + region + ".aliyuncs.com";
    }

    /** The ActionTrail endpoint of this region (reference kms-openapi.md §17.1). */
    public String actionTrailEndpoint() {
        return actionTrail != null ? actionTrail : "actiontrail." + region + ".aliyuncs.com";
    }

    /**
     * The STS endpoint GetCallerIdentity tells kmsmig which principal it is at (kms-openapi.md §19): the explicit one,
     * else {@code sts-vpc.<region>.aliyuncs.com} with {@code endpointType: vpc}, else {@code sts.aliyuncs.com}.
     */
    public String stsEndpoint() {
        return sts != null ? sts : vpc ? "sts-vpc." + region + ".aliyuncs.com" : "sts.aliyuncs.com";
    }
}
