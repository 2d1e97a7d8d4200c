package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kmsmig.kms.SecretType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Payloads are what apply executes: they survive plan JSON unchanged, and the summary people read comes from them. */
class PayloadTest {
    static Stream<Payload> everyKind() {
        return Stream.of(
                new Payload.Create(
                        SecretType.GENERIC, "v1", "kst-1", "key-1", "line\nbreak", Map.of("team", "a"), true),
                new Payload.Create(SecretType.GENERIC, "v1", "kst-1", null, null, Map.of(), false),
                new Payload.CreateRam("kst-1", "key-1"),
                new Payload.Put("v2", Optional.empty()),
                new Payload.Put("v3", Optional.of(List.of("Pending", "Canary"))),
                new Payload.MoveStage("ACSCurrent", null, "v3"),
                new Payload.MoveStage("Temp", "v2", null),
                new Payload.UpdateDescription(null),
                new Payload.Tag(Map.of(" env", "prod")),
                new Payload.Untag(List.of(" env", " owner", "cost: centre")),
                new Payload.Rotation(true, "30d"),
                new Payload.SetPolicy("default"),
                Payload.Delete.withWindow(7),
                Payload.Delete.forced(),
                new Payload.Restore(),
                new Payload.Manual("kst-a", "kst-b", List.of("1. Back up.", "2. Restore.")));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void payload_readsBackFromPlanJsonAsItWasWritten(Payload p) {
        assertEquals(p, PayloadJson.read(PayloadJson.write(p)));
    }

    @Test
    void summary_isDerivedFromThePayload_andCanHideWhatOnlyThePayloadKeeps() {
        assertEquals(
                Map.of("TagKeys", " env,  owner, cost: centre"),
                PayloadSummary.of(new Payload.Untag(List.of(" env", " owner", "cost: centre"))));
        assertEquals(
                Map.of("VersionId", "v2", "VersionStages", "(default staging)"),
                PayloadSummary.of(new Payload.Put("v2", Optional.empty())));
        assertEquals(
                Map.of("VersionId", "v3", "VersionStages", "[\"Pending\"]"),
                PayloadSummary.of(new Payload.Put("v3", Optional.of(List.of("Pending")))));
        assertEquals(Map.of("ForceDeleteWithoutRecovery", "true"), PayloadSummary.of(Payload.Delete.forced()));
        // two different payloads, one summary: which is why apply never reads the summary
        Payload a = new Payload.Untag(List.of("a, b"));
        Payload b = new Payload.Untag(List.of("a", "b"));
        assertEquals(PayloadSummary.of(a), PayloadSummary.of(b));
        assertNotEquals(a, b);
    }

    @Test
    void deletion_isForcedWithoutAWindow_orHasOne() {
        assertThrows(IllegalArgumentException.class, () -> new Payload.Delete(7, true));
        assertThrows(IllegalArgumentException.class, () -> new Payload.Delete(0, false));
    }
}
