package io.kmsmig.apply;

/**
 * How one secret ended in an apply; the summary line counts them, every one always, in the words of the plan's
 * summary (not required and skipped apart, as the plan counts them).
 */
public enum Outcome {
    MIGRATED("migrated"),
    RECORDED("recorded in state"),
    UNCHANGED("unchanged"),
    MANUAL_PENDING("manual pending"),
    NOT_REQUIRED("not required"),
    SKIPPED("skipped"),
    SOURCE_DELETED("source deleted"),
    RESTORED("restored"),
    FAILED("failed"),
    NOT_STARTED("not started");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
