package io.kmsmig.emulator.world;

/**
 * An application access point client key registered with a KMS instance gateway (sdk-wire-protocol.md §3.2).
 *
 * @param id            KeyId, e.g. {@code KAAP.sandbox-orders}
 * @param kmsInstanceId the instance whose gateway accepts it
 * @param publicKeyPem  RSA public key that verifies request signatures
 * @param file          for keys the emulator generated: the ClientKey_*.json file, else null
 * @param password      for keys the emulator generated: the PKCS#12 password (a sandbox value), else null
 */
public record ClientKeyInfo(String id, String kmsInstanceId, String publicKeyPem, String file, String password) {}
