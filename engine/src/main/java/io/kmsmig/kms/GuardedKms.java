package io.kmsmig.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A {@link KmsPort} whose every call goes through a {@link Guard}. */
public final class GuardedKms implements KmsPort {
    private final KmsPort delegate;
    private final Guard guard;

    public GuardedKms(KmsPort delegate, Guard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    @Override
    public String region() {
        return delegate.region();
    }

    private <T> T run(String action, Supplier<T> call) {
        return guard.run(delegate.region(), action, call);
    }

    private void runVoid(String action, Runnable call) {
        guard.runVoid(delegate.region(), action, call);
    }

    @Override
    public Page<SecretSummary> listSecrets(int pageNumber, int pageSize, String filters) {
        return run("ListSecrets", () -> delegate.listSecrets(pageNumber, pageSize, filters));
    }

    @Override
    public Optional<SecretMetadata> describeSecret(String name) {
        return run("DescribeSecret", () -> delegate.describeSecret(name));
    }

    @Override
    public Page<VersionInfo> listSecretVersionIds(String name, int pageNumber, int pageSize) {
        return run("ListSecretVersionIds", () -> delegate.listSecretVersionIds(name, pageNumber, pageSize));
    }

    @Override
    public SecretValue getSecretValue(String name, String versionId) {
        return run("GetSecretValue", () -> delegate.getSecretValue(name, versionId));
    }

    @Override
    public SecretValue getSecretValueByStage(String name, String stage) {
        return run("GetSecretValue", () -> delegate.getSecretValueByStage(name, stage));
    }

    @Override
    public String createSecret(NewSecret secret) {
        return run("CreateSecret", () -> delegate.createSecret(secret));
    }

    @Override
    public List<String> putSecretValue(String name, String versionId, SecretValue value, List<String> stages) {
        return run("PutSecretValue", () -> delegate.putSecretValue(name, versionId, value, stages));
    }

    @Override
    public void updateSecretVersionStage(String name, String stage, String removeFrom, String moveTo) {
        runVoid("UpdateSecretVersionStage", () -> delegate.updateSecretVersionStage(name, stage, removeFrom, moveTo));
    }

    @Override
    public void updateSecretDescription(String name, String description) {
        runVoid("UpdateSecret", () -> delegate.updateSecretDescription(name, description));
    }

    @Override
    public void tagResources(String name, Map<String, String> tags) {
        runVoid("TagResources", () -> delegate.tagResources(name, tags));
    }

    @Override
    public void untagResources(String name, List<String> keys) {
        runVoid("UntagResources", () -> delegate.untagResources(name, keys));
    }

    @Override
    public void updateRotationPolicy(String name, boolean enable, String interval) {
        runVoid("UpdateSecretRotationPolicy", () -> delegate.updateRotationPolicy(name, enable, interval));
    }

    @Override
    public Optional<String> getSecretPolicy(String name) {
        return run("GetSecretPolicy", () -> delegate.getSecretPolicy(name));
    }

    @Override
    public void setSecretPolicy(String name, String policy) {
        runVoid("SetSecretPolicy", () -> delegate.setSecretPolicy(name, policy));
    }

    @Override
    public Instant deleteSecret(String name, int recoveryWindowDays, boolean force) {
        return run("DeleteSecret", () -> delegate.deleteSecret(name, recoveryWindowDays, force));
    }

    @Override
    public void restoreSecret(String name) {
        runVoid("RestoreSecret", () -> delegate.restoreSecret(name));
    }

    @Override
    public Optional<KeyDescription> describeKey(String keyId) {
        return run("DescribeKey", () -> delegate.describeKey(keyId));
    }

    @Override
    public Optional<String> getKmsInstanceStatus(String kmsInstanceId) {
        return run("GetKmsInstance", () -> delegate.getKmsInstanceStatus(kmsInstanceId));
    }
}
