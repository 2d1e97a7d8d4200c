package io.kmsmig.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.bench.BenchWorld;
import io.kmsmig.support.ItOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory at scale, scaled down so it runs in the suite: a sandbox plan of 1,000 secrets (a 3 MB plan file) is shown
 * with a 64 MB heap, where reading it as YAML with a position per value needed more than that; and a heap too small
 * for it ends in the message that names the option to raise, exit 1, no stack trace. The 10,000-secret figures at
 * -Xmx512m are the benchmark's (README, Performance).
 */
@Order(ItOrder.MIDDLE)
class MemoryAtScaleIT {
    @TempDir
    Path dir;

    @Test
    void show_ofA1000SecretPlan_fitsIn64Mb_andATooSmallHeapSaysWhichOptionToRaise() throws Exception {
        // given: a 1,000-secret sandbox world and a saved plan of it
        Files.writeString(dir.resolve("world.yaml"), BenchWorld.yaml(1000));
        Files.writeString(
                dir.resolve("spec.yaml"),
                String.join(
                        "\n",
                        "version: 1",
                        "name: memory",
                        "source: { region: cn-hangzhou }",
                        "destination: { region: cn-shanghai, kmsInstanceId: kst-sh-bench, encryptionKeyId: key-sh-bench }",
                        "policies: { instanceSecrets: backup-restore, ramSecrets: skip }",
                        "state: state.json",
                        "sandbox: { world: world.yaml, data: sandbox/world.json }",
                        ""));
        Path planLog = dir.resolve("plan.log");
        assertEquals(
                0,
                ChildKmsmig.run(
                        List.of("-Xmx256m"), dir, Map.of(), planLog, "plan", "-f", "spec.yaml", "-o", "plan.json"),
                Files.readString(planLog));
        assertTrue(Files.size(dir.resolve("plan.json")) > 2_000_000, "a plan file of a few MB");

        // when: show with a 64 MB heap
        Path showLog = dir.resolve("show.log");
        int shown = ChildKmsmig.run(List.of("-Xmx64m"), dir, Map.of(), showLog, "show", "plan.json");

        // then: the same plan text as plan printed
        String show = Files.readString(showLog);
        assertEquals(0, shown, show.lines().limit(5).toList().toString());
        String plan = Files.readString(planLog);
        assertEquals(plan.substring(plan.indexOf("kmsmig plan for"), plan.indexOf("Saved the plan to")), show);

        // when: a heap far too small for it
        Path tinyLog = dir.resolve("tiny.log");
        int tiny = ChildKmsmig.run(List.of("-Xmx16m"), dir, Map.of(), tinyLog, "show", "plan.json");

        // then: the option to raise, exit 1, no stack trace
        String out = Files.readString(tinyLog);
        assertEquals(1, tiny, out);
        assertTrue(
                out.contains("kmsmig ran out of memory (heap limit ") && out.contains("KMSMIG_JAVA_OPTS=-Xmx2g"), out);
        assertFalse(out.contains("\tat ") || out.contains("Exception in thread") || out.contains("bug in kmsmig"), out);
    }
}
