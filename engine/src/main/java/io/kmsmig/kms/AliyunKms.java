package io.kmsmig.kms;

import com.aliyuncs.AcsRequest;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.DeleteSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeKeyRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretRequest;
import com.aliyuncs.kms.model.v20160120.DescribeSecretResponse;
import com.aliyuncs.kms.model.v20160120.GetKmsInstanceRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretPolicyRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.GetSecretValueResponse;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretVersionIdsResponse;
import com.aliyuncs.kms.model.v20160120.ListSecretsRequest;
import com.aliyuncs.kms.model.v20160120.ListSecretsResponse;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** {@link KmsPort} over aliyun-java-sdk-kms 2.16.6, one region, one endpoint. */
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

    private <T extends AcsResponse> T call(String action, AcsRequest<T> req, String sentValue) {
        req.setSysEndpoint(endpoint);
        req.setSysProtocol(ProtocolType.HTTPS);
        try {
            return client.getAcsResponse(req);
        } catch (ClientException e) {
            throw SdkErrors.map(action, region, endpoint, e, sentValue);
        } catch (RuntimeException e) {
            throw new KmsCallException(action, "SDK.Unexpected", KmsCallException.Kind.SERVER, null, action + " in "
                    + region + " failed inside the SDK: " + e.getClass().getSimpleName());
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
        ListSecretsResponse resp = call("ListSecrets", r, null);
        List<SecretSummary> out = new ArrayList<>();
        for (ListSecretsResponse.Secret s : resp.getSecretList()) {
            Map<String, String> tags = new LinkedHashMap<>();
            if (s.getTags() != null) {
                s.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue()));
            }
            out.add(new SecretSummary(s.getSecretName(), s.getSecretType(), time(s.getPlannedDeleteTime()), tags));
        }
        return new Page<>(out, resp.getTotalCount() == null ? out.size() : resp.getTotalCount());
    }

    @Override
    public Optional<SecretMetadata> describeSecret(String name) {
        DescribeSecretRequest r = new DescribeSecretRequest();
        r.setSecretName(name);
        r.setFetchTags("true");
        DescribeSecretResponse d;
        try {
            d = call("DescribeSecret", r, null);
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (d.getTags() != null) {
            d.getTags().forEach(t -> tags.put(t.getTagKey(), t.getTagValue()));
        }
        return Optional.of(new SecretMetadata(d.getSecretName(), d.getArn(), d.getSecretType(), emptyToNull(d.getDescription()),
                emptyToNull(d.getDKMSInstanceId()), emptyToNull(d.getEncryptionKeyId()), tags, emptyToNull(d.getExtendedConfig()),
                "Enabled".equals(d.getAutomaticRotation()), emptyToNull(d.getRotationInterval()),
                time(d.getPlannedDeleteTime()), time(d.getCreateTime())));
    }

    @Override
    public Page<VersionInfo> listSecretVersionIds(String name, int pageNumber, int pageSize) {
        ListSecretVersionIdsRequest r = new ListSecretVersionIdsRequest();
        r.setSecretName(name);
        r.setIncludeDeprecated("true");
        r.setPageNumber(pageNumber);
        r.setPageSize(pageSize);
        ListSecretVersionIdsResponse resp = call("ListSecretVersionIds", r, null);
        List<VersionInfo> out = new ArrayList<>();
        for (ListSecretVersionIdsResponse.VersionId v : resp.getVersionIds()) {
            out.add(new VersionInfo(v.getVersionId(), time(v.getCreateTime()),
                    v.getVersionStages() == null ? List.of() : v.getVersionStages()));
        }
        return new Page<>(out, resp.getTotalCount() == null ? out.size() : resp.getTotalCount());
    }

    @Override
    public SecretValue getSecretValue(String name, String versionId) {
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSecretName(name);
        r.setVersionId(versionId);
        GetSecretValueResponse resp = call("GetSecretValue", r, null);
        return new SecretValue(resp.getSecretData(), resp.getSecretDataType());
    }

    @Override
    public SecretValue getSecretValueByStage(String name, String stage) {
        GetSecretValueRequest r = new GetSecretValueRequest();
        r.setSecretName(name);
        r.setVersionStage(stage);
        GetSecretValueResponse resp = call("GetSecretValue", r, null);
        return new SecretValue(resp.getSecretData(), resp.getSecretDataType());
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
        return call("CreateSecret", r, s.value().reveal()).getSecretName();
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
        return call("PutSecretValue", r, value.reveal()).getVersionStages();
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
        return Optional.ofNullable(emptyToNull(call("GetSecretPolicy", r, null).getPolicy()));
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
        return time(call("DeleteSecret", r, null).getPlannedDeleteTime());
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
            var m = call("DescribeKey", r, null).getKeyMetadata();
            return Optional.of(new KeyDescription(m.getKeyId(), m.getKeySpec(), m.getKeyUsage(), m.getKeyState(),
                    emptyToNull(m.getDKMSInstanceId())));
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
            return Optional.ofNullable(call("GetKmsInstance", r, null).getKmsInstance().getStatus());
        } catch (KmsCallException e) {
            if (e.notFound()) {
                return Optional.empty();
            }
            throw e;
        }
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
        } catch (java.time.format.DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();
        }
    }
}
