package io.kmsmig.kms;

import java.nio.file.Path;

/**
 * The destination KMS instance endpoint and the application's client key (sdk-wire-protocol.md §3).
 *
 * @param endpoint      {@code host[:port]} of the instance endpoint
 * @param clientKeyFile the ClientKey_*.json file
 * @param password      its password, in memory only
 * @param passwordOrigin where the password came from, for messages (an environment variable's name)
 * @param caFile        the instance CA PEM
 */
public record GatewayTarget(String endpoint, Path clientKeyFile, String password, String passwordOrigin, Path caFile) {
    @Override
    public String toString() {
        return "GatewayTarget(" + endpoint + ", " + clientKeyFile + ", password from " + passwordOrigin + ")";
    }
}
