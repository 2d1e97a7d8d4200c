package io.kmsmig.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kmsmig.diag.Printable;
import io.kmsmig.kms.TrailEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The evidence line quotes what the caller and the trail wrote (user name, User-Agent, address): none of it may
 * reach a terminal as an escape sequence, or break out of the Markdown plan comment a reviewer reads.
 */
class EvidenceTextTest {
    @Test
    void callerControlledFields_areEscaped_notPrintedRaw() {
        // given: a user name and an address carrying a terminal escape, a newline, a bidi override and Markdown
        TrailEvent e = new TrailEvent(
                "GetSecretValue",
                Instant.parse("2026-12-01T10:00:00Z"),
                "LTAIapp",
                "evil\u001b[2J\nPlan: 0 to delete`<b>",
                "orders/1.0",
                "10.0.0.5\u202e",
                "ram-user",
                "acs:ram::1:user/evil\u0007");

        // when
        String line = UsageCheck.describe(e);

        // then
        for (char c : new char[] {'\u001b', '\n', '\u202e', '\u0007', '`', '<', '>'}) {
            assertFalse(line.indexOf(c) >= 0, "raw U+" + Integer.toHexString(c) + " in: " + line);
        }
        assertTrue(
                line.startsWith("evil\\u001B[2J\\u000APlan: 0 to delete\\u0060\\u003Cb\\u003E (LTAIapp, RAM user"),
                line);
        assertTrue(line.contains(" from 10.0.0.5\\u202E"), line);
    }

    @Test
    void plainText_isUnchanged_andLongTextIsCut() {
        assertEquals("orders-app", Printable.of("orders-app"));
        assertEquals("x".repeat(Printable.MAX) + "…", Printable.of("x".repeat(5000)));
        assertEquals(null, Printable.of(null));
    }
}
