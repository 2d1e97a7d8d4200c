package io.kmsmig.emulator.world;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The console's "back up a KMS instance, restore the backup into another instance" for the secrets it holds (the
 * migration procedure's path for a generic secret inside an instance). The product does this outside the OpenAPI;
 * the emulator offers it so the sandbox can walk through the manual step. Restored secrets keep names, metadata,
 * version ids, stages and values; they get new creation times and the destination key.
 */
public final class InstanceBackups {
    private InstanceBackups() {}

    /**
     * Restores every secret of {@code fromInstance} in {@code fromRegion} (not pending deletion) into
     * {@code toInstance} in {@code toRegion}, encrypted with {@code toKey}. Returns the restored names; names that
     * already exist in the destination are left alone. Call through {@link World#write}.
     */
    public static List<String> restore(
            World w, String fromRegion, String fromInstance, String toRegion, String toInstance, String toKey) {
        Region from = w.region(fromRegion);
        Region to = w.region(toRegion);
        if (from.instance(fromInstance).isEmpty()) {
            throw new KmsError(
                    404, "Forbidden.ResourceNotFound", "No KMS instance " + fromInstance + " in " + fromRegion);
        }
        Map.Entry<KmsInstance, KeyInfo> key = to.key(toKey)
                .orElseThrow(() -> new KmsError(404, "Forbidden.KeyNotFound", "No key " + toKey + " in " + toRegion));
        if (!key.getKey().id().equals(toInstance)) {
            throw new KmsError(400, "InvalidParameter", "Key " + toKey + " is not in instance " + toInstance);
        }
        Instant now = w.clock().instant();
        List<String> out = new ArrayList<>();
        for (Secret s : from.secrets.values()) {
            if (!fromInstance.equals(s.kmsInstanceId) || s.pendingDeletion() || to.secrets.containsKey(s.name)) {
                continue;
            }
            Secret c = s.copy();
            c.kmsInstanceId = toInstance;
            c.encryptionKeyId = key.getValue().id();
            c.createTime = now;
            c.updateTime = now;
            for (int i = 0; i < c.versions.size(); i++) {
                c.versions.set(i, c.versions.get(i).restoredAt(now.plusMillis(i))); // keeps their order
            }
            to.secrets.put(c.name, c);
            to.touch(c.name);
            out.add(c.name);
        }
        return out;
    }
}
