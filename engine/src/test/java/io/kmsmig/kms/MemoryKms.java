package io.kmsmig.kms;

import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.emulator.world.AccessKey;
import io.kmsmig.emulator.world.CreateSecretRequest;
import io.kmsmig.emulator.world.KmsError;
import io.kmsmig.emulator.world.KmsInstance;
import io.kmsmig.emulator.world.ListFilter;
import io.kmsmig.emulator.world.Secret;
import io.kmsmig.emulator.world.SecretReads;
import io.kmsmig.emulator.world.SecretType;
import io.kmsmig.emulator.world.SecretWrites;
import io.kmsmig.emulator.world.Version;
import io.kmsmig.emulator.world.World;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link KmsPort} over {@link MemoryCloud}: each method is the emulator endpoint's handling of the action without the
 * wire. The KMS rules are the world's ({@link SecretReads}, {@link SecretWrites}); what is left here is what the wire
 * layer adds: paging, the answer's fields, and timestamps to the second (kms-openapi.md §1.3), as
 * {@code SecretReadApi}/{@code SecretWriteApi} answer them and {@code AliyunKms} reads them.
 */
final class MemoryKms implements KmsPort {
    private final MemoryCloud cloud;
    private final String region;
    private final AccessKey caller;
    private final String userAgent;

    MemoryKms(MemoryCloud cloud, String region, AccessKey caller, String userAgent) {
        this.cloud = cloud;
        this.region = region;
        this.caller = caller;
        this.userAgent = userAgent;
    }

    @Override
    public String region() {
        return region;
    }

    private <T> T read(String action, String name, Function<SecretReads, T> fn) {
        return cloud.serve(
                region,
                action,
                caller,
                userAgent,
                MemoryCloud.params("SecretName", name),
                null,
                () -> cloud.world().read(w -> fn.apply(new SecretReads(w, w.region(region)))));
    }

    private <T> T write(String action, Map<String, String> params, String sentValue, Function<SecretWrites, T> fn) {
        return cloud.serve(
                region,
                action,
                caller,
                userAgent,
                params,
                sentValue,
                () -> cloud.world().write(w -> fn.apply(new SecretWrites(w, w.region(region)))));
    }

    private <T> Optional<T> unlessNotFound(Supplier<T> call) {
        try {
            return Optional.of(call.get());
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** What the wire carries of a time: ISO-8601 UTC to the second. */
    private static Instant wire(Instant t) {
        return AliyunKms.time(Json.time(t));
    }

    private static <T> Page<T> page(List<T> all, int pageNumber, int pageSize) {
        int from = (int) Math.min(all.size(), (long) (pageNumber - 1) * pageSize);
        return new Page<>(all.subList(from, Math.min(all.size(), from + pageSize)), all.size());
    }

    @Override
    public Page<SecretSummary> listSecrets(int pageNumber, int pageSize, String filters) {
        return read("ListSecrets", null, r -> {
            List<SecretSummary> out = new ArrayList<>();
            for (Secret s : r.list(filters(filters))) {
                out.add(new SecretSummary(s.name(), s.type().wire(), wire(s.plannedDeleteTime()), s.tags()));
            }
            return page(out, pageNumber, pageSize);
        });
    }

    @Override
    public Optional<SecretMetadata> describeSecret(String name) {
        return unlessNotFound(() -> read("DescribeSecret", name, r -> {
            Secret s = r.describe(name);
            boolean managed = s.type().managed();
            boolean rotates = managed && s.rotationEnabled();
            return new SecretMetadata(
                    s.name(),
                    s.arn(region, cloud.world().account()),
                    s.type().wire(),
                    emptyToNull(s.description()),
                    s.kmsInstanceId(),
                    s.encryptionKeyId(),
                    s.tags(),
                    managed ? s.extendedConfig() : null,
                    rotates,
                    rotates ? s.rotationInterval() : null,
                    wire(s.plannedDeleteTime()),
                    wire(s.createTime()));
        }));
    }

    @Override
    public Page<VersionInfo> listSecretVersionIds(String name, int pageNumber, int pageSize) {
        return read("ListSecretVersionIds", name, r -> {
            List<VersionInfo> out = new ArrayList<>();
            for (Version v : r.versions(name, true)) {
                out.add(new VersionInfo(v.id(), wire(v.created()), v.stages()));
            }
            return page(out, pageNumber, pageSize);
        });
    }

    @Override
    public SecretValue getSecretValue(String name, String versionId) {
        return value(name, versionId, null);
    }

    @Override
    public SecretValue getSecretValueByStage(String name, String stage) {
        return value(name, null, stage);
    }

    private SecretValue value(String name, String versionId, String stage) {
        Map<String, String> params =
                MemoryCloud.params("SecretName", name, "VersionId", versionId, "VersionStage", stage);
        return cloud.serve(
                region,
                "GetSecretValue",
                caller,
                userAgent,
                params,
                null,
                () -> cloud.world().read(w -> {
                    Version v = new SecretReads(w, w.region(region)).value(name, versionId, stage);
                    return new SecretValue(v.data(), v.dataType());
                }));
    }

    @Override
    public String createSecret(NewSecret s) {
        // The wire carries ExtendedConfig as JSON text the endpoint re-serialises, and Tags as a JSON list.
        String ext = s.extendedConfig() == null
                ? null
                : Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(s.extendedConfig()));
        List<Map.Entry<String, String>> tags =
                s.tags().isEmpty() ? null : List.copyOf(s.tags().entrySet());
        CreateSecretRequest r = new CreateSecretRequest(
                s.name(),
                s.versionId(),
                s.value().reveal(),
                s.value().dataType(),
                s.type() == null ? SecretType.Generic : SecretType.parse(s.type()),
                s.encryptionKeyId(),
                s.kmsInstanceId(),
                s.description(),
                tags,
                ext,
                s.rotationEnabled() ? Boolean.TRUE : null,
                s.rotationEnabled() ? s.rotationInterval() : null,
                s.policy());
        Map<String, String> params = MemoryCloud.params(
                "SecretName",
                s.name(),
                "VersionId",
                s.versionId(),
                "SecretType",
                s.type(),
                "DKMSInstanceId",
                s.kmsInstanceId(),
                "EncryptionKeyId",
                s.encryptionKeyId());
        return write(
                "CreateSecret", params, s.value().reveal(), w -> w.create(r).name());
    }

    @Override
    public List<String> putSecretValue(String name, String versionId, SecretValue value, List<String> stages) {
        return write(
                "PutSecretValue",
                MemoryCloud.params("SecretName", name, "VersionId", versionId),
                value.reveal(),
                w -> w.put(name, versionId, value.reveal(), value.dataType(), stages)
                        .stages());
    }

    @Override
    public void updateSecretVersionStage(String name, String stage, String removeFrom, String moveTo) {
        write(
                "UpdateSecretVersionStage",
                MemoryCloud.params(
                        "SecretName",
                        name,
                        "VersionStage",
                        stage,
                        "RemoveFromVersion",
                        removeFrom,
                        "MoveToVersion",
                        moveTo),
                null,
                w -> {
                    w.updateStage(name, stage, removeFrom, moveTo);
                    return null;
                });
    }

    @Override
    public void updateSecretDescription(String name, String description) {
        write("UpdateSecret", MemoryCloud.params("SecretName", name), null, w -> {
            w.update(name, description, null);
            return null;
        });
    }

    @Override
    public void tagResources(String name, Map<String, String> tags) {
        // SecretWriteApi.tagResources: at least one and at most 20 tags per call (§14).
        write("TagResources", Map.of(), null, w -> {
            if (tags.isEmpty() || tags.size() > 20) {
                throw tags.isEmpty() ? KmsError.missing("Tag.1.Key") : KmsError.invalid("Tag", "at most 20 tags");
            }
            w.tag(name, List.copyOf(tags.entrySet()));
            return null;
        });
    }

    @Override
    public void untagResources(String name, List<String> keys) {
        write("UntagResources", Map.of(), null, w -> {
            if (keys.isEmpty()) {
                throw KmsError.missing("TagKey.1");
            }
            w.untag(name, keys, false);
            return null;
        });
    }

    @Override
    public void updateRotationPolicy(String name, boolean enable, String interval) {
        write("UpdateSecretRotationPolicy", MemoryCloud.params("SecretName", name), null, w -> {
            w.rotationPolicy(name, enable, interval);
            return null;
        });
    }

    @Override
    public Optional<String> getSecretPolicy(String name) {
        return Optional.ofNullable(emptyToNull(read("GetSecretPolicy", name, r -> r.policy(name, "default"))));
    }

    @Override
    public void setSecretPolicy(String name, String policy) {
        write("SetSecretPolicy", MemoryCloud.params("SecretName", name), null, w -> {
            w.setPolicy(name, "default", policy);
            return null;
        });
    }

    @Override
    public Instant deleteSecret(String name, int recoveryWindowDays, boolean force) {
        Map<String, String> params = force
                ? MemoryCloud.params("SecretName", name, "ForceDeleteWithoutRecovery", "true")
                : MemoryCloud.params("SecretName", name, "RecoveryWindowInDays", String.valueOf(recoveryWindowDays));
        return wire(write("DeleteSecret", params, null, w -> {
            if (!force && (recoveryWindowDays < 7 || recoveryWindowDays > 30)) {
                // Params.integer("RecoveryWindowInDays", 30, 7, 30) on the wire
                throw KmsError.invalid("RecoveryWindowInDays", "between 7 and 30");
            }
            return w.delete(name, force, force ? null : recoveryWindowDays);
        }));
    }

    @Override
    public void restoreSecret(String name) {
        write("RestoreSecret", MemoryCloud.params("SecretName", name), null, w -> {
            w.restore(name);
            return null;
        });
    }

    @Override
    public Optional<KeyDescription> describeKey(String keyId) {
        return unlessNotFound(() ->
                cloud.serve(region, "DescribeKey", caller, userAgent, MemoryCloud.params("KeyId", keyId), null, () -> {
                    World w = cloud.world();
                    var found = w.region(region).key(keyId).orElseThrow(() -> KmsError.keyNotFound(keyId));
                    return new KeyDescription(
                            found.getValue().id(),
                            found.getValue().spec(),
                            found.getValue().usage(),
                            "Enabled",
                            found.getKey().id());
                }));
    }

    @Override
    public Optional<String> getKmsInstanceStatus(String kmsInstanceId) {
        return unlessNotFound(() -> cloud.serve(
                region, "GetKmsInstance", caller, MemoryCloud.params("KmsInstanceId", kmsInstanceId), null, () -> {
                    KmsInstance inst = cloud.world()
                            .region(region)
                            .instance(kmsInstanceId)
                            .orElseThrow(() -> KmsError.notFound("KMS instance " + kmsInstanceId));
                    return inst.id() == null ? null : "Connected";
                }));
    }

    /**
     * §5 Filters decoded as SecretReadApi decodes them ({@link ListFilter#parse}); the matching itself is the
     * world's too.
     */
    private static List<ListFilter> filters(String json) {
        return ListFilter.parse(json == null ? null : Json.MAPPER.readTree(json));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
