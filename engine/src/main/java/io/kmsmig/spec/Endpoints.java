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
 */
public record Endpoints(String region, String endpoint, Credentials credentials, Path caCert, String actionTrail,
                        boolean vpc) {
    /** Without the VPC switch. */
    public Endpoints(String region, String endpoint, Credentials credentials, Path caCert, String actionTrail) {
        this(region, endpoint, credentials, caCert, actionTrail, false);
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
}
