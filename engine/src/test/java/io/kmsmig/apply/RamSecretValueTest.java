package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.Checks;
import io.kmsmig.support.MemoryWorld;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A RAM secret whose value is not the documented AccessKey pair is never deleted nor re-created with empty keys. */
class RamSecretValueTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"AccessKeyId\":\"LTAIonly\",\"Note\":\"CANARY ram missing secret\"}",
                "{\"AccessKeyId\":\"\",\"AccessKeySecret\":\"\",\"Note\":\"CANARY ram empty\"}",
                "{\"AccessKeyId\":\"LTAIx\",\"AccessKeySecret\":42,\"Note\":\"CANARY ram number\"}",
                "{\"Secret\":\"CANARY ram other json\"}",
                "[\"CANARY ram array\"]",
                "CANARY ram not json"
            })
    void ramSecret_whoseValueLacksTheAccessKeyPair_failsBeforeDeletingTheSource(String value) throws Exception {
        // given a RAM secret whose current value is not {AccessKeyId, AccessKeySecret}
        String json = value.replace("'", "''");
        String world = Worlds.HEADER.formatted(
                true,
                "{}",
                String.join(
                        "\n",
                        "      - name: acs/ram/user/deployer",
                        "        type: RAMCredentials",
                        "        extendedConfig: { SecretSubType: RamUserAccessKey, UserName: deployer, CustomData: {} }",
                        "        versions:",
                        "          - { id: r1, created: 2024-01-01T00:00:00Z, stages: [ACSCurrent], data: '" + json
                                + "' }"));
        try (MemoryWorld cloud = new MemoryWorld(dir, world, "policies: { ramSecrets: recreate }")) {
            // when
            CliRun.Result r = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");
            // then the secret fails with a reason, the source is untouched, nothing is created
            assertEquals(1, r.exit(), r.all());
            assertTrue(
                    r.out().contains("acs/ram/user/deployer: the RAM secret's ACSCurrent value in cn-hangzhou")
                            && r.out().contains("it was not deleted"),
                    r.out());
            assertEquals(0, cloud.memory.calls().writes(), "no DeleteSecret, no CreateSecret");
            var src = cloud.secrets("cn-hangzhou").get("acs/ram/user/deployer");
            assertTrue(src.get("plannedDeleteTime").isNull(), "the source is not pending deletion");
            assertFalse(cloud.secrets("cn-shanghai").containsKey("acs/ram/user/deployer"));
            Checks.leakFree(dir, r);
        }
    }
}
