package io.kmsmig.kms;

/** The destination KMS instance endpoint, read with an application client key (sdk-wire-protocol.md §3). */
public interface InstanceGatewayPort {
    /** GetSecretValue through the instance, by stage (ACSCurrent for what applications read). */
    SecretValue getSecretValue(String name, String stage);
}
