package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.kms.TrailEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The identities a saved plan lists (unverifiable: its checksum can be recomputed) excuse only what a plan run calls,
 * metadata reads; an identity STS or the state confirms excuses every call, except another program's value read.
 */
class OwnCallsPlannersTest {
    private static final String APP = "acs:ram::1:user/orders-app";
    private static final String MIGRATOR = "acs:ram::1:user/migrator";
    private static final OwnCalls OWN = new OwnCalls(Set.of(MIGRATOR), Set.of(), List.of(), Set.of(APP));

    private static TrailEvent event(String api, String principal, String agent) {
        return new TrailEvent(
                api, Instant.parse("2026-01-01T00:00:00Z"), "LTAIx", "x", agent, "10.0.0.5", "ram-user", principal);
    }

    @Test
    void aPlannerListedOnlyInThePlanFile_isExcusedForMetadataReadsOnly() {
        assertTrue(UsageCheck.ours(event("DescribeSecret", APP, "kmsmig/1.0"), OWN));
        assertTrue(UsageCheck.ours(event("ListSecretVersionIds", APP, ""), OWN));
        assertFalse(UsageCheck.ours(event("GetSecretValue", APP, ""), OWN), "a plan run never reads a value");
        assertFalse(UsageCheck.ours(event("GetSecretValue", APP, "kmsmig/1.0"), OWN));
        assertFalse(UsageCheck.ours(event("PutSecretValue", APP, null), OWN));
    }

    @Test
    void aConfirmedIdentity_isExcused_unlessAnotherProgramReadsTheValue() {
        assertTrue(UsageCheck.ours(event("GetSecretValue", MIGRATOR, "AlibabaCloud Core/4.7 kmsmig/1.0"), OWN));
        assertTrue(
                UsageCheck.ours(event("GetSecretValue", MIGRATOR, null), OWN), "no User-Agent: the principal decides");
        assertTrue(UsageCheck.ours(event("DescribeSecret", MIGRATOR, "aliyun-cli/3.0"), OWN));
        assertFalse(UsageCheck.ours(event("GetSecretValue", MIGRATOR, "AlibabaCloud Core/4.7 orders-app/1.4"), OWN));
    }
}
