package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A saved plan reads and writes the same on every machine: in a Turkish locale, {@code "destination".toUpperCase()}
 * is {@code "DESTİNATİON"} (dotted capital I), which no {@code Side} is named, and {@code "DESTINATION".toLowerCase()}
 * is {@code "destınatıon"} (dotless i), which the plan schema refuses.
 */
class PlanJsonLocaleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void planJson_readsAndWritesTheSameUnderATurkishDefaultLocale() throws IOException {
        // given: a golden plan with destination actions
        String text = Files.readString(
                        Path.of("src/test/resources/scenarios/all-types/expected.json"), StandardCharsets.UTF_8)
                .replace("\"<created_at>\"", "\"2026-01-01T00:00:00Z\"");
        JsonNode document = JSON.readTree(text);
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            // when
            Plan plan = PlanJson.read(document);
            String written = JSON.writeValueAsString(PlanJson.write(plan, "0.1.0"));

            // then
            assertTrue(plan.actions().stream().anyMatch(a -> a.side() == Side.DESTINATION), "destination actions read");
            assertTrue(written.contains("\"side\":\"destination\""), written);
            assertFalse(written.contains("ı"), "no dotless i in the written plan");
        } finally {
            Locale.setDefault(before);
        }
    }
}
