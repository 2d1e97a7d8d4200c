package io.kmsmig.kms;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.DeleteSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.GetKmsInstanceRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretPolicyRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretsRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.RestoreSecretRequest;
import com.aliyuncs.kms.model.v20160120.SetSecretPolicyRequest;
import com.aliyuncs.kms.model.v20160120.TagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.UntagResourcesRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretRotationPolicyRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretVersionStageRequest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * {@link KmsPort} over aliyun-java-sdk-kms 2.16.6, one region, one endpoint. The SDK builds, signs and sends each
 * request; every answer is read by {@link StrictCall} with Jackson, never by the SDK's unmarshaller, which changes
 * strings holding control characters (kms-openapi.md §1.4). Values, descriptions, tags, policies and version ids
 * therefore arrive exactly as the service sent them.
 */
final class AliyunKms implements KmsPort {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final IAcsClient client;
    private final String region;
    private final String endpoint;

    AliyunKms(IAcsClient client, String region, String endpoint) {
        this.client = client;
        this.region = region;
        this.endpoint = endpoint;
    }

    @Override
    public String region() {
        return region;
    }

    private Answer call(String action, AcsRequest<?> req, String sentValue) {
        req.setSysEndpoint(endpoint);
        req.setSysProtocol(ProtocolType.HTTPS);
        try {
            return StrictCall.send(client, req);
        } catch (ClientException e) {
            throw SdkErrors.map(action, region, endpoint, e, sentValue);
        } catch (RuntimeException e) {
            throw new KmsCallException(
                    action,
                    "SDK.Unexpected",
                    KmsCallException.Kind.SERVER,
                    null,
                    action + " in " + region + " failed inside the SDK: "
                            + e.getClass().getSimpleName());
        }
    }

    @Override
    public Page<SecretSummary> listSecrets(int pageNumber, int pageSize, String filters) {
        ListSecretsRequest r = new ListSecretsRequest();
        r.setPageNumber(pageNumber);
        r.setPageSize(pageSize);
        r.setFetchTags("true");
        if (filters != null) {
            r.setFilters(filters);
        }
        Answer resp = call("ListSecrets", r, null);
        List<SecretSummary> out = new ArrayList<>();
        for (Answer s : resp.objects("SecretList", "Secret")) {
            out.add(new SecretSummary(
                    s.text("SecretName"), s.text("SecretType"), time(s.text("PlannedDeleteTime")), s.tags()));
        }
        return new Page<>(out, resp.integer("TotalCount") == null ? out.size() : resp.integer("TotalCount"));
    }

    @Override
    public Optional<SecretMetadata> describeSecret(String name) {
        DescribeSecretRequest r = new DescribeSecretRequest();
        r.setSecretName(name);
        r.setFetchTags("true");
        Answer d;
        try {
            d = call("DescribeSecret", r, null);
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
        return Optional.of(new SecretMetadata(
                d.text("SecretName"),
                d.text("Arn"),
                d.text("SecretType"),
                emptyToNull(d.text("Description")),
                emptyToNull(d.text("DKMSInstanceId")),
                emptyToNull(d.text("EncryptionKeyId")),
                d.tags(),
                emptyToNull(d.text("ExtendedConfig")),
                "Enabled".equals(d.text("AutomaticRotation")),
                emptyToNull(d.text("RotationInterval")),
                time(d.text("PlannedDeleteTime")),
                time(d.text("CreateTime"))));
    }

    @Override
    public Page<VersionInfo> listSecretVersionIds(String name, int pageNumber, int pageSize) {
        ListSecretVersionIdsRequest r = new ListSecretVersionIdsRequest();
        r.setSecretName(name);
        r.setIncludeDeprecated("true");
        r.setPageNumber(pageNumber);
        r.setPageSize(pageSize);
        Answer resp = call("ListSecretVersionIds", r, null);
        List<VersionInfo> out = new ArrayList<>();
        for (Answer v : resp.objects("VersionIds", "VersionId")) {
            out.add(new VersionInfo(
                    v.text("VersionId"), time(v.text("CreateTime")), v.strings("VersionStages", "VersionStage")));
        }
        return new Page<>(out, resp.integer("TotalCount") == null ? out.size() : resp.integer("TotalCount"));
    }

    @Override
    public SecretValue getSecretValue(String name, String versionId) {
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSecretName(name);
        r.setVersionId(versionId);
        return value(call("GetSecretValue", r, null));
    }

    @Override
    public SecretValue getSecretValueByStage(String name, String stage) {
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSecretName(name);
        r.setVersionStage(stage);
        return value(call("GetSecretValue", r, null));
    }

    @Override
    public String createSecret(NewSecret s) {
        CreateSecretRequest r = new CreateSecretRequest();
        r.setSecretName(s.name());
        r.setSecretType(s.type());
        r.setVersionId(s.versionId());
        r.setSecretData(s.value().reveal());
        r.setSecretDataType(s.value().dataType());
        r.setDKMSInstanceId(s.kmsInstanceId());
        r.setEncryptionKeyId(s.encryptionKeyId());
        r.setDescription(s.description());
        if (!s.tags().isEmpty()) {
            ArrayNode tags = JSON.createArrayNode();
            s.tags().forEach((k, v) -> tags.addObject().put("TagKey", k).put("TagValue", v));
            r.setTags(JSON.writeValueAsString(tags));
        }
        r.setExtendedConfig(s.extendedConfig());
        if (s.rotationEnabled()) {
            r.setEnableAutomaticRotation(true);
            r.setRotationInterval(s.rotationInterval());
        }
        r.setPolicy(s.policy());
        return call("CreateSecret", r, s.value().reveal()).text("SecretName");
    }

    @Override
    public List<String> putSecretValue(String name, String versionId, SecretValue value, List<String> stages) {
        PutSecretValueRequest r = new PutSecretValueRequest();
        r.setSecretName(name);
        r.setVersionId(versionId);
        r.setSecretData(value.reveal());
        r.setSecretDataType(value.dataType());
        if (stages != null) {
            r.setVersionStages(JSON.writeValueAsString(stages));
        }
        return call("PutSecretValue", r, value.reveal()).strings("VersionStages", "VersionStage");
    }

    @Override
    public void updateSecretVersionStage(String name, String stage, String removeFrom, String moveTo) {
        UpdateSecretVersionStageRequest r = new UpdateSecretVersionStageRequest();
        r.setSecretName(name);
        r.setVersionStage(stage);
        r.setRemoveFromVersion(removeFrom);
        r.setMoveToVersion(moveTo);
        call("UpdateSecretVersionStage", r, null);
    }

    @Override
    public void updateSecretDescription(String name, String description) {
        UpdateSecretRequest r = new UpdateSecretRequest();
        r.setSecretName(name);
        r.setDescription(description);
        call("UpdateSecret", r, null);
    }

    @Override
    public void tagResources(String name, Map<String, String> tags) {
        TagResourcesRequest r = new TagResourcesRequest();
        r.setResourceType("secret");
        r.setResourceIds(List.of(name));
        List<TagResourcesRequest.Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> {
            TagResourcesRequest.Tag t = new TagResourcesRequest.Tag();
            t.setKey(k);
            t.setValue(v);
            list.add(t);
        });
        r.setTags(list);
        call("TagResources", r, null);
    }

    @Override
    public void untagResources(String name, List<String> keys) {
        UntagResourcesRequest r = new UntagResourcesRequest();
        r.setResourceType("secret");
        r.setResourceIds(List.of(name));
        r.setTagKeys(keys);
        call("UntagResources", r, null);
    }

    @Override
    public void updateRotationPolicy(String name, boolean enable, String interval) {
        UpdateSecretRotationPolicyRequest r = new UpdateSecretRotationPolicyRequest();
        r.setSecretName(name);
        r.setEnableAutomaticRotation(enable);
        r.setRotationInterval(interval);
        call("UpdateSecretRotationPolicy", r, null);
    }

    @Override
    public Optional<String> getSecretPolicy(String name) {
        GetSecretPolicyRequest r = new GetSecretPolicyRequest();
        r.setSecretName(name);
        r.setPolicyName("default");
        return Optional.ofNullable(emptyToNull(call("GetSecretPolicy", r, null).text("Policy")));
    }

    @Override
    public void setSecretPolicy(String name, String policy) {
        SetSecretPolicyRequest r = new SetSecretPolicyRequest();
        r.setSecretName(name);
        r.setPolicyName("default");
        r.setPolicy(policy);
        call("SetSecretPolicy", r, null);
    }

    @Override
    public Instant deleteSecret(String name, int recoveryWindowDays, boolean force) {
        DeleteSecretRequest r = new DeleteSecretRequest();
        r.setSecretName(name);
        if (force) {
            r.setForceDeleteWithoutRecovery("true");
        } else {
            r.setRecoveryWindowInDays(String.valueOf(recoveryWindowDays));
        }
        return time(call("DeleteSecret", r, null).text("PlannedDeleteTime"));
    }

    @Override
    public void restoreSecret(String name) {
        RestoreSecretRequest r = new RestoreSecretRequest();
        r.setSecretName(name);
        call("RestoreSecret", r, null);
    }

    @Override
    public Optional<KeyDescription> describeKey(String keyId) {
        DescribeKeyRequest r = new DescribeKeyRequest();
        r.setKeyId(keyId);
        try {
            Answer m = call("DescribeKey", r, null).object("KeyMetadata");
            return Optional.of(new KeyDescription(
                    m.text("KeyId"),
                    m.text("KeySpec"),
                    m.text("KeyUsage"),
                    m.text("KeyState"),
                    emptyToNull(m.text("DKMSInstanceId"))));
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<String> getKmsInstanceStatus(String kmsInstanceId) {
        GetKmsInstanceRequest r = new GetKmsInstanceRequest();
        r.setKmsInstanceId(kmsInstanceId);
        try {
            return Optional.ofNullable(
                    call("GetKmsInstance", r, null).object("KmsInstance").text("Status"));
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * SecretData exactly as sent, every code point included (kms-openapi.md §7: binary data is a string too, copied
     * verbatim with its SecretDataType). A success without SecretData, or with SecretData that is not a JSON string,
     * is not a value: refuse it rather than copy "" or a number Jackson would re-format (1.50 read as 1.5).
     */
    private SecretValue value(Answer resp) {
        String data = resp.string("SecretData");
        if (data == null) {
            throw new KmsCallException(
                    "GetSecretValue",
                    "SDK.BadResponse",
                    KmsCallException.Kind.SERVER,
                    resp.text("RequestId"),
                    "GetSecretValue in " + region + " (" + endpoint + ") answered without SecretData as a string. Is "
                            + endpoint + " a KMS endpoint?");
        }
        return new SecretValue(data, resp.text("SecretDataType"));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Timestamps are ISO-8601 UTC, but older answers carry offsets and fractions (kms-openapi.md §1.3). */
    static Instant time(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }
}
