/**
 * The KMS instance gateway as {@code alibabacloud-dkms-gcs-sdk} 0.5.2 speaks it (reference
 * sdk-wire-protocol.md §3): protobuf GetSecretValue, RSA (client key) request signatures, protobuf errors
 * with a non-empty ErrorMessage. Also generation of application client keys (ClientKey_*.json + password).
 */
package io.kmsmig.emulator.instance;
