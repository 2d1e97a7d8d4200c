package io.kmsmig.kms;

/** Where a region's access key comes from, resolved from the spec (or the sandbox). Never printed with its secret. */
public sealed interface CredentialSource {
    /** A key in hand: read from environment variables, or the sandbox world's first key. */
    record StaticKey(String accessKeyId, String accessKeySecret, String securityToken, String origin)
            implements CredentialSource {
        @Override
        public String toString() {
            return "StaticKey(" + accessKeyId + " from " + origin + ")";
        }
    }

    /** The SDK's default chain: system properties, environment, CLI profile, profile file, ECS RAM role. */
    record DefaultChain() implements CredentialSource {
    }

    /** A named profile of the Alibaba Cloud CLI's config ({@code ~/.aliyun/config.json}). */
    record NamedProfile(String name) implements CredentialSource {
    }

    /** The access key id, when known before the first call (to recognise kmsmig's own ActionTrail events). */
    default String knownAccessKeyId() {
        return this instanceof StaticKey k ? k.accessKeyId() : null;
    }
}
