package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's rate-limit table equals the emulator's quota table (kms-openapi.md §16), so "client limits equal to the
 * server's" holds by construction: same groups, same default QPS, and every action kmsmig calls in the same group.
 */
class ApiGroupTest {
    /** Every API kmsmig calls (the requests AliyunKms and AliyunActionTrail build). */
    static final List<String> CALLED = List.of(
            "CreateSecret",
            "DeleteSecret",
            "DescribeKey",
            "DescribeSecret",
            "GetKmsInstance",
            "GetSecretPolicy",
            "GetSecretValue",
            "ListSecretVersionIds",
            "ListSecrets",
            "PutSecretValue",
            "RestoreSecret",
            "SetSecretPolicy",
            "TagResources",
            "UntagResources",
            "UpdateSecret",
            "UpdateSecretRotationPolicy",
            "UpdateSecretVersionStage",
            "LookupEvents");

    @Test
    void clientGroups_equalTheEmulatorsQuotaGroups() {
        for (ApiGroup g : ApiGroup.values()) {
            var server = io.kmsmig.emulator.faults.ApiGroup.byKey(g.key());
            assertEquals(server.defaultQps(), g.defaultQps(), g.key());
        }
        assertEquals(io.kmsmig.emulator.faults.ApiGroup.values().length, ApiGroup.values().length);
        for (String action : CALLED) {
            assertEquals(
                    io.kmsmig.emulator.faults.ApiGroup.of(action).key(),
                    ApiGroup.of(action).key(),
                    action);
        }
    }
}
