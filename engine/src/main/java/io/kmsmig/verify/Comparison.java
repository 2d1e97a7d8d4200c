package io.kmsmig.verify;

import io.kmsmig.kms.KmsPort;
import io.kmsmig.kms.SecretMetadata;
import io.kmsmig.kms.SecretValue;
import io.kmsmig.snapshot.Fingerprints;
import io.kmsmig.snapshot.SecretSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares one secret in both regions. Values are read with GetSecretValue on both sides and compared in memory in
 * constant time; only "differs" ever leaves this class. Creation times differ by design and are not compared.
 */
final class Comparison {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final String instanceId;
    private final String keyId;

    Comparison(String instanceId, String keyId) {
        this.instanceId = instanceId;
        this.keyId = keyId;
    }

    /** Metadata, mapping, versions and stages. */
    List<Difference> metadata(SecretSnapshot src, SecretSnapshot dst) {
        List<Difference> out = new ArrayList<>();
        SecretMetadata s = src.metadata();
        SecretMetadata d = dst.metadata();
        if (!s.type().equals(d.type())) {
            out.add(new Difference(
                    Difference.Kind.TYPE,
                    "type",
                    "type: " + s.type() + " in the source, " + d.type() + " in the destination"));
        }
        if (!Objects.equals(blank(s.description()), blank(d.description()))) {
            out.add(Difference.whole(Difference.Kind.DESCRIPTION, "description differs"));
        }
        Set<String> keys = new TreeSet<>(s.tags().keySet());
        keys.addAll(d.tags().keySet());
        for (String k : keys) {
            if (!Objects.equals(s.tags().get(k), d.tags().get(k))) {
                out.add(new Difference(
                        Difference.Kind.TAG,
                        "tag " + k,
                        "tag " + k + ": " + show(s.tags().get(k)) + " in the source, "
                                + show(d.tags().get(k)) + " in the destination"));
            }
        }
        if (!s.generic() && !Objects.equals(extendedConfig(s.extendedConfig()), extendedConfig(d.extendedConfig()))) {
            out.add(Difference.whole(Difference.Kind.EXTENDED_CONFIG, "extended config differs"));
        }
        if (!s.generic()
                && (s.rotationEnabled() != d.rotationEnabled()
                        || !Objects.equals(s.rotationInterval(), d.rotationInterval()))) {
            out.add(new Difference(
                    Difference.Kind.ROTATION,
                    "rotation",
                    "rotation: " + rotation(s) + " in the source, " + rotation(d) + " in the destination"));
        }
        if (src.policy() != null
                && !Objects.equals(
                        Fingerprints.normalizedJson(src.policy()), Fingerprints.normalizedJson(dst.policy()))) {
            out.add(Difference.whole(Difference.Kind.POLICY, "secret policy differs"));
        }
        if (!instanceId.equals(d.kmsInstanceId())) {
            out.add(new Difference(
                    Difference.Kind.INSTANCE,
                    "instance",
                    "instance: " + show(d.kmsInstanceId()) + " in the destination, " + instanceId + " expected"));
        }
        // A secret restored from an instance backup may keep its key id if the backup restored the key too (the
        // reference does not say); either that key or the spec's key is right for it.
        boolean restoredKey = s.kmsInstanceId() != null && Objects.equals(s.encryptionKeyId(), d.encryptionKeyId());
        if (keyId != null && !keyId.equals(d.encryptionKeyId()) && !restoredKey) {
            out.add(new Difference(
                    Difference.Kind.ENCRYPTION_KEY,
                    "encryption key",
                    "encryption key: " + show(d.encryptionKeyId()) + " in the destination, " + keyId + " expected"));
        }
        if (!s.generic()) {
            return out; // managed types: KMS generates versions; the value check below covers ACSCurrent
        }
        for (String v : src.versionIds()) {
            if (dst.version(v).isEmpty()) {
                out.add(Difference.whole(
                        Difference.Kind.VERSION_MISSING, "version " + v + " is missing in the destination"));
            }
        }
        for (String v : dst.versionIds()) {
            if (src.version(v).isEmpty()) {
                out.add(Difference.whole(
                        Difference.Kind.VERSION_EXTRA, "version " + v + " exists only in the destination"));
            }
        }
        Map<String, String> a = src.stageMap();
        Map<String, String> b = dst.stageMap();
        Set<String> labels = new TreeSet<>(a.keySet());
        labels.addAll(b.keySet());
        for (String l : labels) {
            if (!Objects.equals(a.get(l), b.get(l))) {
                out.add(new Difference(
                        Difference.Kind.STAGE,
                        "stage " + l,
                        "stage " + l + ": " + show(a.get(l)) + " in the source, " + show(b.get(l))
                                + " in the destination"));
            }
        }
        return out;
    }

    /** Values of every version both sides have (generic), or of ACSCurrent (managed types). */
    List<Difference> values(SecretSnapshot src, SecretSnapshot dst, KmsPort source, KmsPort dest) {
        List<Difference> out = new ArrayList<>();
        if (!src.metadata().generic()) {
            SecretValue a = source.getSecretValueByStage(src.name(), "ACSCurrent");
            SecretValue b = dest.getSecretValueByStage(dst.name(), "ACSCurrent");
            if (!sameManaged(a, b)) {
                out.add(Difference.whole(Difference.Kind.VALUE, "the ACSCurrent value differs"));
            }
            return out;
        }
        for (String v : src.versionIds()) {
            if (dst.version(v).isEmpty()) {
                continue;
            }
            SecretValue a = source.getSecretValue(src.name(), v);
            SecretValue b = dest.getSecretValue(dst.name(), v);
            if (!a.sameAs(b)) {
                out.add(Difference.whole(
                        Difference.Kind.VALUE,
                        "the value of version " + v + " differs"
                                + (a.dataType().equals(b.dataType())
                                        ? ""
                                        : " (data type " + a.dataType() + " in the source, " + b.dataType()
                                                + " in the destination)")));
            }
        }
        return out;
    }

    /**
     * RAM secrets answer {AccessKeyId, AccessKeySecret, GenerateTimestamp}; the timestamp is regenerated on
     * re-creation, so only the pair is compared (kms-openapi.md §7).
     */
    static boolean sameManaged(SecretValue a, SecretValue b) {
        try {
            JsonNode x = JSON.readTree(a.reveal());
            JsonNode y = JSON.readTree(b.reveal());
            if (x.has("AccessKeyId")) {
                return new SecretValue(
                                x.path("AccessKeyId").asString("") + "\n"
                                        + x.path("AccessKeySecret").asString(""),
                                "text")
                        .sameAs(new SecretValue(
                                y.path("AccessKeyId").asString("") + "\n"
                                        + y.path("AccessKeySecret").asString(""),
                                "text"));
            }
        } catch (RuntimeException notJson) {
            // fall through to a plain comparison
        }
        return a.sameAs(b);
    }

    private static String extendedConfig(String json) {
        return Fingerprints.normalizedJson(json);
    }

    private static String rotation(SecretMetadata m) {
        return m.rotationEnabled() ? "every " + m.rotationInterval() : "off";
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }

    private static String show(String s) {
        return s == null ? "(none)" : s;
    }
}
