package io.kmsmig.spec;

import java.nio.file.Path;

/**
 * The destination region and the KMS 3.0 instance that will hold the secrets.
 *
 * @param endpoints        region, endpoint, credentials, CA
 * @param kmsInstanceId    instance that holds the re-created secrets
 * @param encryptionKeyId  symmetric key in that instance
 * @param instanceEndpoint host[:port] of the instance endpoint applications read through, or null
 * @param clientKeyFile    the application's ClientKey_*.json, or null
 * @param clientKeyPasswordEnv environment variable holding its password, or null
 */
public record Destination(
        Endpoints endpoints,
        String kmsInstanceId,
        String encryptionKeyId,
        String instanceEndpoint,
        Path clientKeyFile,
        String clientKeyPasswordEnv) {
    public String region() {
        return endpoints.region();
    }
}
