package io.kmsmig.kms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** KMS's secret ARN (kms-openapi.md: acs:kms:region:account:secret/name) read in one place, and written back. */
class SecretArnTest {

    @Test
    void kmssAnswer_isReadIntoItsParts_andWrittenBackUnchanged() {
        String arn = "acs:kms:cn-hangzhou:123456:secret/app/db";
        SecretArn a = SecretArn.of(arn).orElseThrow();
        assertEquals(new SecretArn("cn-hangzhou", "123456", "app/db"), a);
        assertEquals(arn, a.toString());
    }

    @Test
    void whatIsNotASecretsArn_readsAsNone() {
        assertTrue(SecretArn.of(null).isEmpty());
        assertTrue(SecretArn.of("").isEmpty());
        // a RAM ARN has as many ':' as a secret's: the old split took "123" from it as a KMS account
        assertTrue(SecretArn.of("acs:ram::123:user/alice").isEmpty());
        assertTrue(SecretArn.of("acs:kms:cn-hangzhou:123456:key/k1").isEmpty());
    }
}
