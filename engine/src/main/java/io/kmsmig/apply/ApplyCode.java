package io.kmsmig.apply;

import io.kmsmig.diag.FailureCode;

/** kmsmig's own codes for a secret apply could not finish (recorded as the state's last error code). */
enum ApplyCode implements FailureCode {
    /** Stage labels still differ from the source's after the rounds of corrections. */
    STAGES_DIVERGE("StagesDiverge"),
    /** Re-planning the secret found a conflict that needs a person. */
    CONFLICT("Conflict"),
    /** The RAM secret was not found in the destination after CreateSecret. */
    VERIFY_FAILED("VerifyFailed"),
    /** A RAM secret's value is not the documented AccessKey pair. */
    BAD_RAM_VALUE("BadRamValue"),
    /** The cutover evidence no longer held right before DeleteSecret. */
    CUTOVER_BLOCKED("CutoverBlocked"),
    /** Any other failure after a RAM secret's deletion (the source was restored). */
    FAILED("Failed");

    private final String wire;

    ApplyCode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }
}
