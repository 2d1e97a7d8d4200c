package io.kmsmig.plan;

import io.kmsmig.kms.SecretType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one function from a payload to the parameter summary people read (plan text, Markdown, and {@code params}
 * in plan JSON): KMS parameter names to display text. Never a value, and never read back: apply executes the payload.
 */
final class PayloadSummary implements Payload.Visitor<Map<String, String>> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PayloadSummary INSTANCE = new PayloadSummary();
    static final String COPIED = "copied from the source";

    private PayloadSummary() {}

    static SortedMap<String, String> of(Payload p) {
        Map<String, String> m = p.accept(INSTANCE);
        m.values().removeIf(v -> v == null);
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }

    private static Map<String, String> kv(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Override
    public Map<String, String> create(Payload.Create c) {
        return kv(
                "SecretType",
                c.secretType().wire(),
                "VersionId",
                c.versionId(),
                "DKMSInstanceId",
                c.kmsInstanceId(),
                "EncryptionKeyId",
                c.encryptionKeyId(),
                "Description",
                c.description() == null ? null : MetadataDiff.quote(c.description()),
                "Tags",
                c.tags().isEmpty() ? null : MetadataDiff.tags(c.tags()),
                "Policy",
                c.copyPolicy() ? COPIED : null);
    }

    @Override
    public Map<String, String> createRam(Payload.CreateRam c) {
        return kv(
                "SecretType",
                SecretType.RAM_CREDENTIALS.wire(),
                "SecretName",
                "$Auto",
                "ExtendedConfig",
                COPIED,
                "DKMSInstanceId",
                c.kmsInstanceId(),
                "EncryptionKeyId",
                c.encryptionKeyId());
    }

    @Override
    public Map<String, String> put(Payload.Put p) {
        return kv(
                "VersionId",
                p.versionId(),
                "VersionStages",
                p.stages().map(JSON::writeValueAsString).orElse("(default staging)"));
    }

    @Override
    public Map<String, String> moveStage(Payload.MoveStage m) {
        return kv("VersionStage", m.stage(), "RemoveFromVersion", m.fromVersion(), "MoveToVersion", m.toVersion());
    }

    @Override
    public Map<String, String> updateDescription(Payload.UpdateDescription u) {
        return kv("Description", MetadataDiff.quote(u.description()));
    }

    @Override
    public Map<String, String> tag(Payload.Tag t) {
        return kv("Tags", MetadataDiff.tags(t.tags()));
    }

    @Override
    public Map<String, String> untag(Payload.Untag u) {
        return kv("TagKeys", String.join(", ", u.keys()));
    }

    @Override
    public Map<String, String> rotation(Payload.Rotation r) {
        return kv("EnableAutomaticRotation", String.valueOf(r.enabled()), "RotationInterval", r.interval());
    }

    @Override
    public Map<String, String> setPolicy(Payload.SetPolicy p) {
        return kv("PolicyName", p.policyName());
    }

    @Override
    public Map<String, String> delete(Payload.Delete d) {
        return d.force()
                ? kv("ForceDeleteWithoutRecovery", "true")
                : kv("RecoveryWindowInDays", String.valueOf(d.windowDays()));
    }

    @Override
    public Map<String, String> restore(Payload.Restore r) {
        return kv();
    }

    @Override
    public Map<String, String> manual(Payload.Manual m) {
        return kv(
                "SourceInstance",
                m.sourceInstance(),
                "DestinationInstance",
                m.destinationInstance(),
                "Steps",
                String.join(" ", m.steps()));
    }
}
