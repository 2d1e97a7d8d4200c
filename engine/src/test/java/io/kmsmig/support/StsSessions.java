package io.kmsmig.support;

import com.aliyuncs.CommonRequest;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.auth.BasicSessionCredentials;
import com.aliyuncs.auth.StaticCredentialsProvider;
import com.aliyuncs.http.MethodType;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import io.kmsmig.emulator.KmsEmulator;
import io.kmsmig.emulator.openapi.Json;
import io.kmsmig.kms.TrustRegistry;
import tools.jackson.databind.JsonNode;

/** STS sessions from the emulator's AssumeRole, as a pipeline gets them (aliyun sts AssumeRole, then export). */
public final class StsSessions {
    private StsSessions() {}

    /** An STS session's credentials (sandbox values). */
    public record Session(String accessKeyId, String accessKeySecret, String securityToken) {}

    /** AssumeRole of {@code role} in the world's account, signed with the world's access key {@code keyId}. */
    public static Session assume(KmsEmulator emu, String keyId, String role, String sessionName) {
        var key = emu.world().accessKey(keyId).orElseThrow();
        // kmsmig's HTTP client is one per JVM, and its host check trusts the emulator's CA per endpoint only
        TrustRegistry.register(emu.info().sts(), emu.certificateAuthority().caCertificate());
        DefaultProfile profile = DefaultProfile.getProfile("cn-hangzhou", key.id(), key.secret());
        profile.setHttpClientConfig(AppReader.trusting(emu));
        CommonRequest r = new CommonRequest();
        r.setSysMethod(MethodType.POST);
        r.setSysProtocol(ProtocolType.HTTPS);
        r.setSysDomain(emu.info().sts());
        r.setSysProduct("Sts");
        r.setSysVersion("2015-04-01");
        r.setSysAction("AssumeRole");
        r.putQueryParameter("RoleArn", "acs:ram::" + emu.world().account() + ":role/" + role);
        r.putQueryParameter("RoleSessionName", sessionName);
        try {
            JsonNode c = Json.MAPPER
                    .readTree(new DefaultAcsClient(profile).getCommonResponse(r).getData())
                    .path("Credentials");
            return new Session(
                    c.path("AccessKeyId").asString(),
                    c.path("AccessKeySecret").asString(),
                    c.path("SecurityToken").asString());
        } catch (Exception e) {
            throw new AssertionError("AssumeRole failed: " + e.getMessage(), e);
        }
    }

    /** A KMS client signing with the session's credentials. */
    static DefaultAcsClient client(KmsEmulator emu, String region, Session s) {
        DefaultProfile profile = DefaultProfile.getProfile(region, s.accessKeyId(), s.accessKeySecret());
        profile.setHttpClientConfig(AppReader.trusting(emu));
        return new DefaultAcsClient(
                profile,
                new StaticCredentialsProvider(
                        new BasicSessionCredentials(s.accessKeyId(), s.accessKeySecret(), s.securityToken())));
    }
}
