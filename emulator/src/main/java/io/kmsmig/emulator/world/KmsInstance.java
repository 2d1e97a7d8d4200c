package io.kmsmig.emulator.world;

import java.util.List;

/**
 * A KMS 3.0 instance in one region, with its keys (reference §12.4, §15).
 *
 * @param id   {@code kst-...}
 * @param keys keys inside it
 */
public record KmsInstance(String id, List<KeyInfo> keys) {
    public KmsInstance {
        keys = List.copyOf(keys);
    }
}
