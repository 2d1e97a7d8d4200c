package io.kmsmig.kms;

/**
 * One region to connect to.
 *
 * @param region              region id
 * @param kmsEndpoint         KMS OpenAPI endpoint {@code host[:port]}
 * @param actionTrailEndpoint ActionTrail endpoint {@code host[:port]}
 * @param credentials         where the access key comes from
 * @param label               how messages name it: "source" or "destination"
 */
public record RegionTarget(String region, String kmsEndpoint, String actionTrailEndpoint, CredentialSource credentials,
                           String label) {
}
