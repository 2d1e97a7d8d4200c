package io.kmsmig.snapshot;

import io.kmsmig.kms.SecretMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Digests of a secret's metadata, version ids and stages (never its values): a saved plan, a verify and a cutover
 * pin the source with them, and state remembers the destination as kmsmig left it. Creation times are left out:
 * they differ between regions by design.
 */
public final class Fingerprints {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Fingerprints() {}

    /** The metadata lines both fingerprints hash, in one fixed order (changing it changes every fingerprint). */
    private static void appendMetadata(StringBuilder sb, SecretMetadata m) {
        sb.append("type=").append(m.type()).append('\n');
        sb.append("description=").append(m.description()).append('\n');
        sb.append("instance=").append(m.kmsInstanceId()).append('\n');
        sb.append("key=").append(m.encryptionKeyId()).append('\n');
        sb.append("tags=").append(new TreeMap<>(m.tags())).append('\n');
        sb.append("extendedConfig=").append(normalizedJson(m.extendedConfig())).append('\n');
        sb.append("rotation=")
                .append(m.rotationEnabled())
                .append('/')
                .append(m.rotationInterval())
                .append('\n');
    }

    /** The canonical text a fingerprint hashes; also what stale-plan messages compare. */
    public static String canonical(SecretSnapshot s) {
        StringBuilder sb = new StringBuilder();
        var m = s.metadata();
        appendMetadata(sb, m);
        sb.append("policy=").append(normalizedJson(s.policy())).append('\n');
        sb.append("pendingDeletion=").append(m.pendingDeletion()).append('\n');
        for (VersionSnapshot v : s.versions()) {
            sb.append("version=")
                    .append(v.versionId())
                    .append(' ')
                    .append(v.stages())
                    .append('\n');
        }
        return sb.toString();
    }

    public static String of(SecretSnapshot s) {
        return sha256(canonical(s));
    }

    /**
     * A digest of the source as one verify saw it: {@link #canonical} plus its creation time and each version's. A
     * source deleted and re-created with the same version ids and stages but other values keeps {@link #of} and not
     * this, so a verification pinned to it stops counting for cutover (the values verified are gone from the source).
     */
    public static String verifiedSource(SecretSnapshot s) {
        StringBuilder sb = new StringBuilder(canonical(s));
        sb.append("created=").append(s.metadata().createTime()).append('\n');
        s.versions().stream()
                .sorted(Comparator.comparing(VersionSnapshot::versionId))
                .forEach(v -> sb.append("versionCreated=")
                        .append(v.versionId())
                        .append(' ')
                        .append(v.createTime())
                        .append('\n'));
        return sha256(sb.toString());
    }

    /**
     * A digest of what kmsmig copies (type, description, tags, extended config, rotation, policy, version ids and
     * stages), leaving out what differs between regions by design (name, instance, key, times). Equal for a source
     * and the destination it was migrated to; state keeps it to tell drift from source changes.
     */
    public static String content(SecretSnapshot s) {
        var m = s.metadata();
        StringBuilder sb = new StringBuilder();
        sb.append("type=").append(m.type()).append('\n');
        sb.append("description=")
                .append(m.description() == null ? "" : m.description())
                .append('\n');
        sb.append("tags=").append(new TreeMap<>(m.tags())).append('\n');
        sb.append("extendedConfig=").append(normalizedJson(m.extendedConfig())).append('\n');
        sb.append("rotation=")
                .append(m.rotationEnabled())
                .append('/')
                .append(m.rotationInterval())
                .append('\n');
        sb.append("policy=").append(normalizedJson(s.policy())).append('\n');
        for (VersionSnapshot v : s.versions()) {
            sb.append("version=")
                    .append(v.versionId())
                    .append(' ')
                    .append(v.stages())
                    .append('\n');
        }
        return sha256(sb.toString());
    }

    /**
     * A digest of the destination as one verify saw it: its metadata, creation time, and per version (sorted by id) its
     * creation time in the destination and its stages. A secret deleted and re-created outside kmsmig keeps its name
     * and version ids but not its creation times, so a verification pinned to this fingerprint stops counting for
     * cutover. The policy is left out: plan and verify read it under different conditions, and it is no value.
     */
    public static String destination(SecretSnapshot s) {
        var m = s.metadata();
        StringBuilder sb = new StringBuilder();
        sb.append("arn=").append(m.arn()).append('\n');
        sb.append("created=").append(m.createTime()).append('\n');
        appendMetadata(sb, m);
        sb.append("pendingDeletion=").append(m.plannedDeleteTime()).append('\n');
        s.versions().stream()
                .sorted(Comparator.comparing(VersionSnapshot::versionId))
                .forEach(v -> sb.append("version=")
                        .append(v.versionId())
                        .append(' ')
                        .append(v.createTime())
                        .append(' ')
                        .append(v.stages())
                        .append('\n'));
        return sha256(sb.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** JSON with keys sorted, so formatting differences do not count; non-JSON text as is. */
    public static String normalizedJson(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return sorted(JSON.readTree(json)).toString();
        } catch (RuntimeException e) {
            return json;
        }
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            var out = JSON.createObjectNode();
            new TreeMap<>(n.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                    .forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (n.isArray()) {
            var out = JSON.createArrayNode();
            n.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return n;
    }
}
