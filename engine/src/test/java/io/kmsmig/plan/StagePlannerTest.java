package io.kmsmig.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The stage planner's choices, and proof by simulation that they reach the source's stage map. */
class StagePlannerTest {
    /** "v1=001 v2=ACSPrevious v3=ACSCurrent" to label -> version; versions in the order written. */
    static Map<String, String> desired(String spec) {
        Map<String, String> out = new TreeMap<>();
        for (String part : spec.split(" ")) {
            String[] kv = part.split("=", 2);
            if (kv.length == 2 && !kv[1].isEmpty()) {
                for (String l : kv[1].split(",")) {
                    out.put(l, kv[0]);
                }
            }
        }
        return out;
    }

    static List<String> versions(String spec) {
        List<String> out = new ArrayList<>();
        for (String part : spec.split(" ")) {
            out.add(part.split("=", 2)[0]);
        }
        return out;
    }

    static StagePlan createPath(String spec) {
        List<String> vs = versions(spec);
        Optional<StagePlan> p = StagePlanner.plan(
                Map.of("ACSCurrent", vs.get(0)), Set.of(vs.get(0)), vs.subList(1, vs.size()), desired(spec));
        assertTrue(p.isPresent(), "reachable: " + spec);
        return p.get();
    }

    /** Simulates the plan under one reading and returns the final map. */
    static Map<String, String> simulate(String spec, StagePlan plan, boolean follows) {
        List<String> vs = versions(spec);
        StageModel m = StageModel.created(vs.get(0), follows);
        for (int i = 1; i < vs.size(); i++) {
            m.put(vs.get(i), plan.modes().get(i - 1));
        }
        plan.ops().forEach(m::apply);
        assertTrue(m.peakLabels() <= 8);
        return m.labels();
    }

    @Test
    void seedExample_putsByDefaultAndMovesOneLabel() {
        StagePlan p = createPath("v1=001 v2=ACSPrevious v3=ACSCurrent");
        assertEquals(List.of(PutMode.DEFAULT, PutMode.DEFAULT), p.modes());
        assertEquals(List.of(StageOp.move("001", "v1")), p.ops());
        assertTrue(p.certain());
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of("v1=ACSCurrent", 0),
                Arguments.of("v1=ACSPrevious v2=ACSCurrent", 0),
                Arguments.of("v1= v2=ACSPrevious v3=ACSCurrent", 0),
                Arguments.of("v1=ACSCurrent v2=ACSPending", 0),
                Arguments.of("t1= t2=ACSPrevious t3=ACSCurrent t4=ACSPending", 0),
                Arguments.of("f1= f2= f3=ACSPrevious f4=ACSCurrent,Approved", 1),
                Arguments.of("v1=ACSCurrent v2= v3=Pending", 0),
                Arguments.of("v1=ACSPrevious,Old v2=ACSCurrent v3=Next", 1),
                Arguments.of("v1=ACSCurrent v2=", 1),
                Arguments.of("a=L1 b=L2 c=L3 d=L4 e=L5 f=L6 g=ACSPrevious h=ACSCurrent", 1),
                Arguments.of("v1= v2= v3= v4= v5= v6= v7= v8=ACSPrevious v9=ACSCurrent v10=Next", 0),
                Arguments.of("v1=ACSPrevious v2=ACSCurrent v3= v4=Canary", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void createPath_reachesTheSourceMapUnderBothReadings(String spec, int expectedOps) {
        StagePlan p = createPath(spec);
        assertEquals(desired(spec), simulate(spec, p, true), "ACSPrevious follows");
        assertEquals(desired(spec), simulate(spec, p, false), "ACSPrevious stays");
        assertTrue(p.certain());
        assertEquals(expectedOps, p.ops().size(), "fewest stage calls for " + spec + ": " + p);
        p.modes()
                .forEach(m -> assertTrue(
                        m.defaultStaging()
                                || (!m.labels().isEmpty() && !m.labels().contains("ACSCurrent")),
                        "never an empty or ACSCurrent-listing VersionStages"));
    }

    @Test
    void currentOnAnOlderVersion_movesItAndPinsPreviousExplicitly() {
        String spec = "v1=ACSPrevious v2=ACSCurrent v3=";
        StagePlan p = createPath(spec);
        assertEquals(desired(spec), simulate(spec, p, true));
        assertEquals(desired(spec), simulate(spec, p, false));
    }

    @Test
    void noPreviousButANewerCurrent_isOnlyReachableIfTheShiftDoesNotHappen() {
        String spec = "v1= v2=ACSCurrent";
        StagePlan p = createPath(spec);
        assertFalse(p.certain(), "moving ACSCurrent would give v1 an irremovable ACSPrevious if KMS shifts it");
        assertEquals(desired(spec), simulate(spec, p, false));
    }

    @Test
    void sourceWithoutACSCurrent_isUnreachable() {
        assertTrue(StagePlanner.plan(Map.of("ACSCurrent", "v1"), Set.of("v1"), List.of("v2"), Map.of("X", "v2"))
                .isEmpty());
    }

    @Test
    void existingDestination_appendsANewVersionWithoutRecreating() {
        Map<String, String> now = desired("v1=001 v2=ACSPrevious v3=ACSCurrent");
        Map<String, String> want = desired("v1=001 v2= v3=ACSPrevious v4=ACSCurrent");
        StagePlan p = StagePlanner.plan(now, Set.of("v1", "v2", "v3"), List.of("v4"), want)
                .orElseThrow();
        assertEquals(List.of(PutMode.DEFAULT), p.modes());
        assertEquals(List.of(), p.ops());
    }

    @Test
    void driftedLabels_areMovedBack() {
        Map<String, String> now = desired("v1=ACSCurrent,001 v2=ACSPrevious v3=");
        Map<String, String> want = desired("v1=001 v2=ACSPrevious v3=ACSCurrent");
        StagePlan p = StagePlanner.plan(now, Set.of("v1", "v2", "v3"), List.of(), want)
                .orElseThrow();
        assertEquals(List.of(StageOp.move("ACSCurrent", "v3"), StageOp.move("ACSPrevious", "v2")), p.ops());
        assertTrue(p.certain());
    }

    @Test
    void unwantedPrevious_cannotBeRemoved() {
        Map<String, String> now = desired("v1=ACSPrevious v2=ACSCurrent");
        assertTrue(StagePlanner.plan(now, Set.of("v1", "v2"), List.of(), desired("v1= v2=ACSCurrent"))
                .isEmpty());
    }

    @Test
    void randomShapes_alwaysReachTheSourceMapWhenCertain() {
        java.util.Random r = new java.util.Random(11);
        for (int round = 0; round < 300; round++) {
            int n = 1 + r.nextInt(10);
            List<String> vs = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                vs.add("v" + i);
            }
            Map<String, List<String>> labels = new LinkedHashMap<>();
            vs.forEach(v -> labels.put(v, new ArrayList<>()));
            labels.get(vs.get(r.nextInt(n))).add("ACSCurrent");
            if (n > 1 && r.nextBoolean()) {
                labels.get(vs.get(r.nextInt(n))).add("ACSPrevious");
            }
            for (int c = 0; c < r.nextInt(4); c++) {
                labels.get(vs.get(r.nextInt(n))).add("L" + c);
            }
            StringBuilder spec = new StringBuilder();
            labels.forEach((v, ls) -> spec.append(spec.length() == 0 ? "" : " ")
                    .append(v)
                    .append('=')
                    .append(String.join(",", ls)));
            String s = spec.toString();
            Optional<StagePlan> p =
                    StagePlanner.plan(Map.of("ACSCurrent", "v1"), Set.of("v1"), vs.subList(1, n), desired(s));
            if (p.isEmpty()) {
                continue;
            }
            boolean follows = simulate(s, p.get(), true).equals(desired(s));
            boolean stays = simulate(s, p.get(), false).equals(desired(s));
            assertTrue(follows || stays, s);
            assertEquals(p.get().certain(), follows && stays, s);
        }
    }

    /** "v1= v2= ... v(n-2)= v(n-1)=ACSPrevious vn=ACSCurrent,Next": every unlabelled version has three put modes. */
    static String manyVersions(int n) {
        StringBuilder spec = new StringBuilder();
        for (int i = 1; i <= n - 2; i++) {
            spec.append('v').append(i).append("= ");
        }
        return spec.append('v')
                .append(n - 1)
                .append("=ACSPrevious v")
                .append(n)
                .append("=ACSCurrent,Next")
                .toString();
    }

    static StagePlanner.Searched searchCreatePath(String spec) {
        List<String> vs = versions(spec);
        return StagePlanner.search(
                Map.of("ACSCurrent", vs.get(0)), Set.of(vs.get(0)), vs.subList(1, vs.size()), desired(spec));
    }

    @Test
    void tenVersions_theMostKmsKeeps_areSearchedExhaustivelyWithinTheBound() {
        // given: v1 created, v2..v8 with three modes each (default, borrow Next, the temporary label), v9 and v10 two
        String spec = manyVersions(StagePlanner.MAX_VERSIONS);
        // when
        StagePlanner.Searched s = searchCreatePath(spec);
        // then: every combination, 3^7 * 2 * 2 of them, and no more than the bound
        assertEquals(8_748, s.candidates());
        assertTrue(s.candidates() <= StagePlanner.MAX_CANDIDATES);
        StagePlan p = s.plan().orElseThrow();
        assertEquals(desired(spec), simulate(spec, p, true));
        assertEquals(desired(spec), simulate(spec, p, false));
    }

    @Test
    void moreVersionsThanKmsKeeps_stillSearchAtMostTheBound_andReachTheSourceMap() {
        // given: 14 versions, which KMS never reports (the search was 3^12 * 4 candidates, seconds of work)
        String spec = manyVersions(14);
        // when
        StagePlanner.Searched s = searchCreatePath(spec);
        // then: the earliest puts use default staging, only the last 10 are searched
        assertTrue(s.candidates() <= StagePlanner.MAX_CANDIDATES, s.candidates() + " candidates");
        StagePlan p = s.plan().orElseThrow();
        assertTrue(p.modes().subList(0, 3).stream().allMatch(PutMode::defaultStaging), p.toString());
        assertTrue(simulate(spec, p, true).equals(desired(spec))
                || simulate(spec, p, false).equals(desired(spec)));
    }

    @Test
    void theCacheOfPlans_isBounded() {
        // when: more distinct shapes are planned than the cache holds
        for (int i = 0; i <= StagePlanner.CACHE_SIZE; i++) {
            String spec = "c" + i + "=ACSPrevious d" + i + "=ACSCurrent";
            createPath(spec);
        }
        // then
        assertEquals(StagePlanner.CACHE_SIZE, StagePlanner.cached());
    }
}
