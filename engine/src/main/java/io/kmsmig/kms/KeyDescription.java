package io.kmsmig.kms;

/**
 * DescribeKey's answer, what preflight needs (kms-openapi.md §15).
 *
 * @param keyId         key id
 * @param keySpec       e.g. Aliyun_AES_256
 * @param keyUsage      e.g. ENCRYPT/DECRYPT
 * @param keyState      e.g. Enabled
 * @param kmsInstanceId the instance holding it, or null
 */
public record KeyDescription(String keyId, String keySpec, String keyUsage, String keyState, String kmsInstanceId) {
    /** Symmetric keys are the ones that may encrypt secrets (kms-openapi.md §12.4). */
    public boolean symmetric() {
        return keySpec != null && (keySpec.startsWith("Aliyun_AES") || keySpec.startsWith("Aliyun_SM4"));
    }
}
