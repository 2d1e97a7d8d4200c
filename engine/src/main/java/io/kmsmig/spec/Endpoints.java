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
 */
public record Endpoints(String region, String endpoint, Credentials credentials, Path caCert, String actionTrail) {
    /** The KMS endpoint to use. */
    public String kmsEndpoint() {
        return endpoint != null ? endpoint : "kms." + region + ".aliyuncs.com";
    }

    /** The ActionTrail endpoint of this region (reference kms-openapi.md §17.1). */
    public String actionTrailEndpoint() {
        return actionTrail != null ? actionTrail : "actiontrail." + region + ".aliyuncs.com";
    }
}
