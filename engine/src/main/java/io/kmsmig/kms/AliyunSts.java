package io.kmsmig.kms;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.CommonResponse;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CallerIdentityPort} over the core SDK's CommonRequest (STS 2015-04-01 GetCallerIdentity, kms-openapi.md
 * §19), signed with the same client, so the same credentials, as the KMS calls it stands for. No STS SDK: the call
 * has no parameters and a flat answer, and aliyun-java-sdk-sts is not in the project's repositories.
 */
final class AliyunSts implements CallerIdentityPort {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final IAcsClient client;
    private final String region;
    private final String endpoint;

    AliyunSts(IAcsClient client, String region, String endpoint) {
        this.client = client;
        this.region = region;
        this.endpoint = endpoint;
    }

    @Override
    public CallerIdentity callerIdentity() {
        CommonRequest r = new CommonRequest();
        r.setSysMethod(MethodType.POST);
        r.setSysProtocol(ProtocolType.HTTPS);
        r.setSysDomain(endpoint);
        r.setSysRegionId(region);
        r.setSysProduct("Sts");
        r.setSysVersion("2015-04-01");
        r.setSysAction("GetCallerIdentity");
        CommonResponse answer;
        try {
            answer = client.getCommonResponse(r);
        } catch (ClientException e) {
            throw SdkErrors.map("GetCallerIdentity", region, endpoint, e, null);
        }
        try {
            JsonNode o = JSON.readTree(answer.getData());
            String arn = o.path("Arn").asString("");
            if (arn.isEmpty()) {
                throw new IllegalStateException("GetCallerIdentity at " + endpoint + " answered no Arn");
            }
            return CallerIdentity.of(
                    o.path("AccountId").asString(""), o.path("IdentityType").asString(""), arn);
        } catch (JacksonException e) {
            throw new IllegalStateException("GetCallerIdentity at " + endpoint + " answered no JSON", e);
        }
    }
}
