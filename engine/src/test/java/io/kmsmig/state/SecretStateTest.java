package io.kmsmig.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SecretState's eighteen fields are set by name; the with-methods change only the fields they name. */
class SecretStateTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2024-05-01T10:05:00Z");

    /** A record with every field set, each to a value no other field has. */
    static SecretState full() {
        return SecretState.builder()
                .sourceRegion("cn-hangzhou")
                .sourceName("app/db")
                .sourceArn("arn:src")
                .destinationRegion("cn-shanghai")
                .destinationName("app/db-copy")
                .destinationArn("arn:dst")
                .type("Generic")
                .disposition("recreate")
                .versions(List.of(new MigratedVersion("v1", T0, T1)))
                .stages(Map.of("ACSCurrent", "v1"))
                .status(SecretStatus.FAILED)
                .lastAction("PutSecretValue")
                .lastErrorCode("Rejected.Throttling")
                .updatedAt(T0)
                .destinationDigest("digest")
                .verification(new Verification(T0, true, "src-fp", "dst-fp", List.of(), false))
                .sourceDeletion(new SourceDeletion(T0, T1, 7))
                .inFlight(new InFlight(3, InFlight.Write.UPDATE_SECRET, null, null, T0))
                .identities(List.of("acs:ram::1:user/migrator"))
                .build();
    }

    @Test
    void builder_setsEachFieldByName() {
        SecretState s = full();
        assertEquals(
                new SecretState(
                        "cn-hangzhou",
                        "app/db",
                        "arn:src",
                        "cn-shanghai",
                        "app/db-copy",
                        "arn:dst",
                        "Generic",
                        "recreate",
                        List.of(new MigratedVersion("v1", T0, T1)),
                        Map.of("ACSCurrent", "v1"),
                        SecretStatus.FAILED,
                        "PutSecretValue",
                        "Rejected.Throttling",
                        T0,
                        "digest",
                        new Verification(T0, true, "src-fp", "dst-fp", List.of(), false),
                        new SourceDeletion(T0, T1, 7),
                        new InFlight(3, InFlight.Write.UPDATE_SECRET, null, null, T0),
                        List.of("acs:ram::1:user/migrator")),
                s);
    }

    @Test
    void toBuilder_keepsEveryField_andChangesOnlyTheOnesSet() {
        SecretState s = full();
        assertEquals(s, s.toBuilder().build());
        SecretState moved = s.toBuilder().destinationName("elsewhere").build();
        assertEquals("elsewhere", moved.destinationName());
        assertEquals(s, moved.toBuilder().destinationName("app/db-copy").build());
    }

    @Test
    void aNewRecord_hasNoVersionsNoStagesAndNullsElsewhere() {
        SecretState s = SecretState.builder()
                .sourceName("app/db")
                .status(SecretStatus.PENDING)
                .build();
        assertEquals(List.of(), s.versions());
        assertEquals(Map.of(), s.stages());
        assertNull(s.destinationArn());
        assertNull(s.inFlight());
    }

    @Test
    void withInFlight_marksInProgress_andClearingItKeepsStatusAndLastAction() {
        InFlight f = new InFlight(4, InFlight.Write.TAG_RESOURCES, null, null, T1);
        SecretState started = full().withInFlight(f, T1);
        assertEquals(
                full().toBuilder()
                        .inFlight(f)
                        .status(SecretStatus.IN_PROGRESS)
                        .lastAction("TagResources")
                        .updatedAt(T1)
                        .build(),
                started);
        assertEquals(started.toBuilder().inFlight(null).build(), started.withInFlight(null, T1));
    }

    @Test
    void withSourceDeletion_clearsTheLastErrorCode_andKeepsTheRest() {
        SourceDeletion d = new SourceDeletion(T1, T1.plusSeconds(86_400 * 30), 30);
        assertEquals(
                full().toBuilder()
                        .sourceDeletion(d)
                        .status(SecretStatus.SOURCE_DELETED)
                        .lastAction("DeleteSecret")
                        .lastErrorCode(null)
                        .updatedAt(T1)
                        .build(),
                full().withSourceDeletion(d, SecretStatus.SOURCE_DELETED, "DeleteSecret", T1));
    }

    @Test
    void withStatusAndWithVerification_changeOnlyWhatTheyName() {
        assertEquals(
                full().toBuilder()
                        .status(SecretStatus.MIGRATED)
                        .lastAction("CreateSecret")
                        .lastErrorCode(null)
                        .updatedAt(T1)
                        .build(),
                full().withStatus(SecretStatus.MIGRATED, "CreateSecret", null, T1));
        Verification v = new Verification(T1, false, "a", "b", List.of("differs"), true);
        assertEquals(
                full().toBuilder()
                        .verification(v)
                        .status(SecretStatus.MIGRATED)
                        .updatedAt(T1)
                        .build(),
                full().withVerification(v, SecretStatus.MIGRATED, T1));
    }

    @Test
    void codec_readsARecordWrittenBeforeIdentities_andWritesThemOnlyWhenKnown() {
        // given: a record as kmsmig wrote it before it recorded identities
        SecretState old = full().toBuilder().identities(List.of()).build();
        tools.jackson.databind.node.ObjectNode json = StateCodec.secret(old);
        // then: no field written, and it reads back the same
        assertFalse(json.has("identities"), json.toString());
        assertEquals(old, StateCodec.secret((tools.jackson.databind.JsonNode) json));
        // and a record with identities round-trips them
        SecretState known = full();
        tools.jackson.databind.node.ObjectNode withIds = StateCodec.secret(known);
        assertEquals(
                "acs:ram::1:user/migrator", withIds.path("identities").get(0).asString());
        assertEquals(known, StateCodec.secret((tools.jackson.databind.JsonNode) withIds));
    }

    @Test
    void withIdentities_addsNewPrincipalsSortedOnce_andIsItselfWhenNothingIsNew() {
        SecretState s = full();
        assertSame(s, s.withIdentities(List.of("acs:ram::1:user/migrator")));
        SecretState more = s.withIdentities(List.of("acs:ram::1:role/kmsmig-release", "acs:ram::1:user/migrator"));
        assertEquals(List.of("acs:ram::1:role/kmsmig-release", "acs:ram::1:user/migrator"), more.identities());
    }
}
