package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.KmsmigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A saved plan's checksum is no seal: anyone can edit the file and recompute it. Whatever the edit, reading it back
 * is a plain {@link IllegalArgumentException} naming the action (which {@code PlanFile.read} reports as an invalid
 * plan file, exit 1), never a NullPointerException reported as a bug in kmsmig.
 */
class PlanJsonReadTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ObjectNode drift() throws Exception {
        return (ObjectNode)
                JSON.readTree(Files.readString(Path.of("src/test/resources/scenarios/drift/expected.json")));
    }

    @Test
    void theGoldenReadsBack() throws Exception {
        assertEquals(5, PlanJson.read(drift()).actions().size());
    }

    @Test
    void aSecretListingAnActionThePlanDoesNotHave_isRefusedByName() throws Exception {
        ObjectNode doc = drift();
        ((ArrayNode) doc.get("secrets").get(0).get("actions")).add(77);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read(doc));
        assertTrue(
                e.getMessage().contains("orders/db-password") && e.getMessage().contains("#77"), e.getMessage());
    }

    @Test
    void twoActionsWithOneNumber_areRefusedByName() throws Exception {
        ObjectNode doc = drift();
        ((ObjectNode) doc.get("actions").get(1)).put("seq", 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read(doc));
        assertTrue(e.getMessage().contains("#1"), e.getMessage());
    }

    @Test
    void anActionListedByTwoSecretsOrTwice_isRefused() throws Exception {
        ObjectNode doc = drift();
        ((ArrayNode) doc.get("secrets").get(0).get("actions")).add(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanJson.read(doc));
        assertTrue(e.getMessage().contains("#1"), e.getMessage());
    }

    @Test
    void aPayloadFieldOfTheWrongType_isReportedOnce_byTheBranchOfItsKind(@TempDir Path dir) throws Exception {
        ObjectNode doc = drift();
        ObjectNode move = (ObjectNode) doc.get("actions").get(0).get("payload");
        assertEquals("move-stage", move.get("kind").asString());
        move.put("stage", 5);
        Path file = dir.resolve("edited.kmsplan");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        KmsmigException e = assertThrows(KmsmigException.class, () -> PlanFile.read(file, "edited.kmsplan"));
        // one problem, at the field: not one per payload kind the field does not belong to (there are twelve)
        assertEquals(1, e.diagnostics().size(), e.diagnostics().toString());
        assertTrue(
                e.diagnostics().get(0).toString().contains("payload.stage"),
                e.diagnostics().toString());
    }

    @Test
    void everyGoldenPlan_savedAndReadBack_passesTheSchema(@TempDir Path dir) throws Exception {
        try (var scenarios = Files.list(Path.of("src/test/resources/scenarios"))) {
            for (Path golden : scenarios
                    .map(d -> d.resolve("expected.json"))
                    .filter(Files::isRegularFile)
                    .toList()) {
                Plan plan = PlanJson.read(JSON.readTree(Files.readString(golden)));
                Path file = dir.resolve(golden.getParent().getFileName() + ".kmsplan");
                String id = PlanFile.write(file, plan, "test");
                assertEquals(
                        plan.actions().size(),
                        PlanFile.read(file, file.toString()).plan().actions().size(),
                        golden.toString());
                assertEquals(id, PlanFile.read(file, file.toString()).planId());
            }
        }
    }
}
