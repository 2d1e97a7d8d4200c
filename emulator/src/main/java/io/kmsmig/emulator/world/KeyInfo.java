package io.kmsmig.emulator.world;

/**
 * A key in a KMS instance (reference §15 DescribeKey).
 *
 * @param id    key id like {@code key-sh-demo}
 * @param spec  KeySpec, {@code Aliyun_AES_256} for the symmetric keys that may encrypt secrets
 * @param usage KeyUsage, {@code ENCRYPT/DECRYPT} for symmetric keys
 */
public record KeyInfo(String id, String spec, String usage) {
    public boolean symmetric() {
        return spec.startsWith("Aliyun_AES") || spec.startsWith("Aliyun_SM4");
    }
}
