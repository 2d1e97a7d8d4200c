package io.kmsmig.kms;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One region's KMS OpenAPI 2016-01-20, as kmsmig needs it. Every method is one API call; failures throw
 * {@link KmsCallException}. Reads never return values except {@link #getSecretValue}.
 */
public interface KmsPort {
    /** The region this port talks to. */
    String region();

    /** ListSecrets, one page, tags fetched (kms-openapi.md §5). {@code filters} is the Filters JSON or null. */
    Page<SecretSummary> listSecrets(int pageNumber, int pageSize, String filters);

    /** DescribeSecret with FetchTags (§4); empty when the secret does not exist. */
    Optional<SecretMetadata> describeSecret(String name);

    /** ListSecretVersionIds with IncludeDeprecated (§6), one page, in whatever order the service returns. */
    Page<VersionInfo> listSecretVersionIds(String name, int pageNumber, int pageSize);

    /** GetSecretValue by version id (§7). */
    SecretValue getSecretValue(String name, String versionId);

    /** GetSecretValue by stage (§7); managed types ignore version ids and take a stage. */
    SecretValue getSecretValueByStage(String name, String stage);

    /** CreateSecret (§3); returns the secret's name as KMS assigned it (RAM secrets are created as $Auto). */
    String createSecret(NewSecret secret);

    /** PutSecretValue (§8); {@code stages} null means default staging. Returns the new version's stages. */
    List<String> putSecretValue(String name, String versionId, SecretValue value, List<String> stages);

    /** UpdateSecretVersionStage (§9); {@code removeFrom} or {@code moveTo} may be null. */
    void updateSecretVersionStage(String name, String stage, String removeFrom, String moveTo);

    /** UpdateSecret (§10): description. */
    void updateSecretDescription(String name, String description);

    /** TagResources (§14). */
    void tagResources(String name, Map<String, String> tags);

    /** UntagResources (§14). */
    void untagResources(String name, List<String> keys);

    /** UpdateSecretRotationPolicy (§10), managed types only. */
    void updateRotationPolicy(String name, boolean enable, String interval);

    /** GetSecretPolicy (§13); empty for secrets outside an instance. */
    Optional<String> getSecretPolicy(String name);

    /** SetSecretPolicy (§13). */
    void setSecretPolicy(String name, String policy);

    /** DeleteSecret (§11) with a recovery window, or forced. Returns PlannedDeleteTime. */
    Instant deleteSecret(String name, int recoveryWindowDays, boolean force);

    /** RestoreSecret (§11). */
    void restoreSecret(String name);

    /** DescribeKey (§15); empty when the key does not exist. */
    Optional<KeyDescription> describeKey(String keyId);

    /** GetKmsInstance (§15); empty when the instance does not exist. Returns its status. */
    Optional<String> getKmsInstanceStatus(String kmsInstanceId);
}
