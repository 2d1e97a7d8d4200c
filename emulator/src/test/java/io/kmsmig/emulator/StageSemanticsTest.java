package io.kmsmig.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.aliyuncs.kms.model.v20160120.CreateSecretRequest;
import com.aliyuncs.kms.model.v20160120.PutSecretValueRequest;
import com.aliyuncs.kms.model.v20160120.UpdateSecretVersionStageRequest;
import io.kmsmig.emulator.world.Semantics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage-label semantics (kms-openapi.md §8, §9) as a table: a sequence of operations through the SDK, and the
 * expected stage map under each setting of switch (a), acsPreviousFollowsCurrent.
 */
class StageSemanticsTest {
    static KmsEmulator emu;
    static SdkHarness.Client sh;
    static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void start() {
        emu = SdkHarness.start("basic.yaml");
        sh = SdkHarness.client(emu, "cn-shanghai");
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    /** Operations: "put v2" (default staging), "put v2 [A,B]" (explicit), "move L v1", "remove L v1". */
    static Stream<Arguments> cases() {
        return Stream.of(
                // name, operations, expected with follows=true, expected with follows=false
                Arguments.of("create gives ACSCurrent", List.of(), "v1=ACSCurrent", "v1=ACSCurrent"),
                Arguments.of(
                        "default put shifts ACSCurrent to ACSPrevious",
                        List.of("put v2", "put v3"),
                        "v1= v2=ACSPrevious v3=ACSCurrent",
                        "v1= v2=ACSPrevious v3=ACSCurrent"),
                Arguments.of(
                        "explicit custom stage leaves current and previous",
                        List.of("put v2 [Pending]"),
                        "v1=ACSCurrent v2=Pending",
                        "v1=ACSCurrent v2=Pending"),
                Arguments.of(
                        "explicit ACSCurrent in put follows the switch",
                        List.of("put v2 [ACSCurrent]"),
                        "v1=ACSPrevious v2=ACSCurrent",
                        "v1= v2=ACSCurrent"),
                Arguments.of(
                        "moving ACSCurrent follows the switch",
                        List.of("put v2 [Pending]", "move ACSCurrent v2"),
                        "v1=ACSPrevious v2=ACSCurrent,Pending",
                        "v1= v2=ACSCurrent,Pending"),
                Arguments.of(
                        "moving ACSPrevious only moves it",
                        List.of("put v2", "put v3", "move ACSPrevious v1"),
                        "v1=ACSPrevious v2= v3=ACSCurrent",
                        "v1=ACSPrevious v2= v3=ACSCurrent"),
                Arguments.of(
                        "a label marks one version",
                        List.of("put v2 [Pending]", "put v3 [Pending]"),
                        "v1=ACSCurrent v2= v3=Pending",
                        "v1=ACSCurrent v2= v3=Pending"),
                Arguments.of(
                        "custom labels can be removed",
                        List.of("put v2 [Pending,Extra]", "remove Extra v2"),
                        "v1=ACSCurrent v2=Pending",
                        "v1=ACSCurrent v2=Pending"),
                Arguments.of(
                        "seed example via default puts and one move",
                        List.of("put v2", "put v3", "move 001 v1"),
                        "v1=001 v2=ACSPrevious v3=ACSCurrent",
                        "v1=001 v2=ACSPrevious v3=ACSCurrent"),
                Arguments.of(
                        "moving ACSCurrent back, then ACSPrevious explicitly, is deterministic",
                        List.of("put v2", "put v3", "move ACSCurrent v2", "move ACSPrevious v1"),
                        "v1=ACSPrevious v2=ACSCurrent v3=",
                        "v1=ACSPrevious v2=ACSCurrent v3="),
                Arguments.of(
                        "moving a label onto its holder changes nothing",
                        List.of("put v2", "move ACSCurrent v2"),
                        "v1=ACSPrevious v2=ACSCurrent",
                        "v1=ACSPrevious v2=ACSCurrent"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void stageMap_matchesTheTable_underBothSettings(String name, List<String> ops, String follows, String stays)
            throws Exception {
        for (boolean setting : new boolean[] {true, false}) {
            emu.setSemantics(Semantics.DEFAULT.withAcsPreviousFollowsCurrent(setting));
            String secret = "stages/" + SEQ.incrementAndGet();
            CreateSecretRequest c = SecretApiSdkTest.create(secret, "v1", "CANARY-1");
            sh.call(c);
            for (String op : ops) {
                apply(secret, op);
            }
            assertEquals(
                    setting ? follows : stays,
                    render(SecretApiSdkTest.stageMap(sh, secret)),
                    name + " with acsPreviousFollowsCurrent=" + setting);
        }
        emu.setSemantics(Semantics.DEFAULT);
    }

    private static void apply(String secret, String op) throws Exception {
        String[] p = op.split(" ", 3);
        switch (p[0]) {
            case "put" -> {
                PutSecretValueRequest r = new PutSecretValueRequest();
                r.setSecretName(secret);
                r.setVersionId(p[1]);
                r.setSecretData("CANARY-" + p[1]);
                if (p.length == 3) {
                    List<String> labels =
                            List.of(p[2].substring(1, p[2].length() - 1).split(","));
                    r.setVersionStages("["
                            + String.join(
                                    ",",
                                    labels.stream().map(l -> "\"" + l + "\"").toList()) + "]");
                }
                sh.call(r);
            }
            case "move", "remove" -> {
                UpdateSecretVersionStageRequest r = new UpdateSecretVersionStageRequest();
                r.setSecretName(secret);
                r.setVersionStage(p[1]);
                if (p[0].equals("move")) {
                    r.setMoveToVersion(p[2]);
                } else {
                    r.setRemoveFromVersion(p[2]);
                }
                sh.call(r);
            }
            default -> throw new IllegalArgumentException(op);
        }
    }

    private static String render(Map<String, List<String>> map) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(map).forEach((v, stages) -> parts.add(v + "=" + String.join(",", stages)));
        return String.join(" ", parts);
    }
}
