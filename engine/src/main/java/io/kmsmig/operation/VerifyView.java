package io.kmsmig.operation;

import io.kmsmig.verify.VerifyReport;

/** What {@link VerifyOperation} shows. */
public interface VerifyView extends View {
    /** The report, once it is recorded in the state. */
    void report(VerifyReport report);
}
