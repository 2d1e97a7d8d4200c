package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyuncs.exceptions.ClientException;
import org.junit.jupiter.api.Test;

/**
 * A server message that repeats the value sent is withheld, whatever the value holds: the check looks at the whole
 * message, not only at the first line kmsmig shows (a value with a line break used to leak its first line).
 */
class SdkErrorsTest {
    private static KmsCallException map(String serverMessage, String sent) {
        return SdkErrors.map(
                "PutSecretValue",
                "cn-shanghai",
                "kms.example",
                new ClientException("InvalidParameter", serverMessage, "R-1"),
                sent);
    }

    @Test
    void aMessageRepeatingTheValue_isWithheld() {
        // given
        String value = "CANARY-xyz single line";
        // when
        KmsCallException e = map("The parameter SecretData " + value + " is invalid.", value);
        // then
        assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
        assertTrue(e.getMessage().contains("message withheld"), e.getMessage());
    }

    @Test
    void aMessageRepeatingAMultiLineValue_isWithheld_notCutToItsFirstLine() {
        for (String value : new String[] {"CANARY-xyz first\nsecond", "CANARY-xyz first\r\nsecond", "CANARY-xyz\n"}) {
            // when
            KmsCallException e = map("The parameter SecretData " + value + " is invalid.", value);
            // then
            assertFalse(e.getMessage().contains("CANARY"), e.getMessage());
            assertTrue(e.getMessage().contains("message withheld"), e.getMessage());
        }
    }

    @Test
    void aMessageWithoutTheValue_isShownOnItsFirstLine() {
        // when
        KmsCallException e = map("The parameter VersionId is invalid.\nsee the docs", "CANARY-xyz");
        // then
        assertEquals(
                "PutSecretValue in cn-shanghai (kms.example) failed: InvalidParameter: The parameter VersionId is "
                        + "invalid. (RequestId R-1)",
                e.getMessage());
    }

    @Test
    void aClockMoreThan15MinutesOff_isNamedAsTheCause_withTheFix() {
        KmsCallException e = SdkErrors.map(
                "DescribeSecret",
                "cn-shanghai",
                "kms.example",
                new ClientException("IllegalTimestamp", "The input parameter \"Timestamp\" is out of range.", "R-2"),
                null);
        assertTrue(
                e.getMessage()
                        .contains("This machine's clock is more than 15 minutes off cn-shanghai's; set it "
                                + "right (NTP)"),
                e.getMessage());
        assertEquals("IllegalTimestamp", e.code());
    }

    @Test
    void aReplayedNonce_pointsAtWhatReplaysRequests() {
        KmsCallException e = SdkErrors.map(
                "DescribeSecret",
                "cn-shanghai",
                "kms.example",
                new ClientException("SignatureNonceUsed", "Specified signature nonce was used already.", "R-3"),
                null);
        assertTrue(
                e.getMessage().contains("a proxy between this machine and kms.example may be replaying"),
                e.getMessage());
    }
}
