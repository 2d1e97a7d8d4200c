package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The meter counts calls by region and action as a record; code reads the record, never the "region action" text. */
class CallMeterTest {
    @Test
    void counts_byActionAcrossRegions_andByCall_sortedByRegionThenAction() {
        CallMeter m = new CallMeter();
        m.attempt("cn-shanghai", "CreateSecret");
        m.attempt("cn-shanghai", "CreateSecret");
        m.attempt("cn-hangzhou", "CreateSecret");
        m.attempt("cn-hangzhou", "DescribeSecret");
        assertEquals(3, m.count("CreateSecret"));
        assertEquals(0, m.count("Secret"), "an action is matched whole");
        assertEquals(4, m.total());
        Map<CallMeter.Call, Long> byCall = m.byCall();
        assertEquals(
                List.of(
                        new CallMeter.Call("cn-hangzhou", "CreateSecret"),
                        new CallMeter.Call("cn-hangzhou", "DescribeSecret"),
                        new CallMeter.Call("cn-shanghai", "CreateSecret")),
                List.copyOf(byCall.keySet()));
        assertEquals(2L, byCall.get(new CallMeter.Call("cn-shanghai", "CreateSecret")));
        assertEquals(
                Map.of(
                        "cn-hangzhou CreateSecret",
                        1L,
                        "cn-hangzhou DescribeSecret",
                        1L,
                        "cn-shanghai CreateSecret",
                        2L),
                m.byAction(),
                "the bench's samples still show region and action");
    }
}
