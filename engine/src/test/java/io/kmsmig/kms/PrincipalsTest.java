package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The principal a call is attributed to (kms-openapi.md §19): the same for every key of a RAM user and for every
 * session of a role, from GetCallerIdentity's ARN and from ActionTrail's userIdentity alike, with or without its arn.
 */
class PrincipalsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "acs:ram::123:user/migrator, acs:ram::123:user/migrator",
        "acs:ram::123:assumed-role/kmsmig-release/ci-101, acs:ram::123:role/kmsmig-release",
        "acs:ram::123:assumed-role/Kmsmig-Release/ci-102, acs:ram::123:role/kmsmig-release",
        "acs:ram::123:role/Kmsmig-Release, acs:ram::123:role/kmsmig-release",
        "acs:ram::123:root, acs:ram::123:root"
    })
    void fromArn_dropsTheSession_andLowerCasesRoleNames(String arn, String principal) {
        assertEquals(principal, Principals.fromArn(arn));
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(
            nullValues = "null",
            value = {
                // ActionTrail's own sample event of an assumed role carries no arn
                "assumed-role, 159, custom-role-for-actiontrail:u1, null, acs:ram::159:role/custom-role-for-actiontrail",
                "ram-user, 159, orders-app, null, acs:ram::159:user/orders-app",
                "ram-user, 159, orders-app, acs:ram::159:user/orders-app, acs:ram::159:user/orders-app",
                "assumed-role, 159, r:s, acs:ram::159:assumed-role/r/s, acs:ram::159:role/r",
                "root-account, 159, root, null, acs:ram::159:root"
            })
    void fromEvent_attributesEachIdentityType(String type, String account, String user, String arn, String principal) {
        assertEquals(principal, Principals.fromEvent(type, account, user, arn));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null, 159, someone",
                "ram-user, '', someone",
                "ram-user, 159, ''",
                "AliyunServiceEvent, 159, someone"
            })
    void fromEvent_isNull_whenTheEventNamesNoPrincipal(String type, String account, String user) {
        assertNull(Principals.fromEvent(type, account, user, null));
    }
}
