package io.kmsmig.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How {@link ChildJvm#runEach} cuts one child's output into its commands' results: tests scan every result for
 * secrets, so no byte the child printed may fall outside them (a single-command child's whole output was scanned).
 */
class ChildJvmSplitTest {
    @Test
    void eachCommandGetsItsOutputAndExitCode_andTheLastAlsoWhatTheJvmPrintedAtExit() {
        // given: two commands, then a shutdown hook printing after the last end line
        String printed = "planned\n" + ChildMain.ENDED + "0\n" + "refused\n" + ChildMain.ENDED + "1\n"
                + "printed at exit: CANARY\n";
        // when
        List<ChildJvm.Result> rs = ChildJvm.split(new ChildJvm.Result(0, printed), 2);
        // then
        assertEquals(new ChildJvm.Result(0, "planned\n"), rs.get(0));
        assertEquals(1, rs.get(1).exit());
        assertTrue(rs.get(1).output().startsWith("refused\n"), rs.get(1).output());
        assertTrue(rs.get(1).output().contains("printed at exit: CANARY"), "nothing the child printed is dropped");
    }

    @Test
    void aChildThatEndsBeforeItsLastCommand_failsNamingHowFarItGot() {
        AssertionError e = assertThrows(
                AssertionError.class,
                () -> ChildJvm.split(new ChildJvm.Result(134, "planned\n" + ChildMain.ENDED + "0\ncrashed\n"), 2));
        assertTrue(
                e.getMessage().contains("after 1 of 2 commands")
                        && e.getMessage().contains("crashed"),
                e.getMessage());
    }
}
