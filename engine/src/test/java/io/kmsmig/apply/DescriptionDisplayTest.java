package io.kmsmig.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.cli.CliRun;
import io.kmsmig.support.EmulatedCloud;
import io.kmsmig.support.Worlds;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source description is anyone's text: the plan a person reviews shows its control and format characters as
 * escapes, so it cannot move the cursor or forge plan lines, while apply still copies it unchanged.
 */
class DescriptionDisplayTest {
    private static final String WORLD = Worlds.EMPTY;
    /** Moves the cursor up, erases the line and writes a forged plan line; then a newline, RLO and a backslash. */
    private static final String FORGED =
            "benign\u001B[1A\u001B[2K\r+ other  (Generic, unchanged)\n\u202Eevil\\u0041\u0085";

    @TempDir
    Path dir;

    @Test
    void plan_showsControlCharactersOfADescriptionAsEscapes_andApplyCopiesItUnchanged() throws Exception {
        try (EmulatedCloud cloud = new EmulatedCloud(dir, WORLD, "")) {
            // given
            ValueFidelityTest.createSource(cloud, "shown/desc", FORGED, Map.of("v1", "CANARY v1"), "text");

            // when
            CliRun.Result text = cloud.run("plan", "-f", "spec.yaml");
            CliRun.Result markdown = cloud.run("plan", "-f", "spec.yaml", "--format", "markdown");
            CliRun.Result apply = cloud.run("apply", "-f", "spec.yaml", "--auto-approve");

            // then
            for (CliRun.Result r : new CliRun.Result[] {text, markdown, apply}) {
                assertEquals(0, r.exit(), r.all());
                String out = r.out();
                for (char c : new char[] {'\u001B', '\r', '\u202E', '\u0085'}) {
                    assertFalse(out.indexOf(c) >= 0, "raw U+" + Integer.toHexString(c) + " in: " + out);
                }
                assertTrue(
                        out.contains("Description=\"benign\\u001B[1A\\u001B[2K\\u000D+ other  (Generic, unchanged)"
                                + "\\u000A\\u202Eevil\\\\u0041\\u0085\""),
                        out);
            }
            assertEquals(
                    FORGED,
                    cloud.secrets("cn-shanghai")
                            .get("shown/desc")
                            .get("description")
                            .asString());
        }
    }
}
