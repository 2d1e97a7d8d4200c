package io.kmsmig.support;

/**
 * When the longest integration test classes start ({@code @Order}; failsafe orders classes by it, others come in
 * between). They run three at a time (junit.parallelism), so the phase lasts at least as long as the longest class
 * plus whatever started before it: the long ones start first. JUnit's fork-join pool hands the first classes in this
 * order to the idle workers and runs the last one on the worker that forked them all, so the longest two come first
 * and the third longest last; the fourth goes to the first worker that is free. The classes of middle length
 * ({@link #MIDDLE}) follow, so that the short ones, unordered, fill the end: a class of 10 s started last would run
 * alone on one core at the end of the phase.
 */
public final class ItOrder {
    /** CrashMatrixIT. */
    public static final int FIRST = 1;
    /** ReadmeTourIT. */
    public static final int SECOND = 2;
    /** CutoverCrashMatrixIT: the first worker to be free takes it. */
    public static final int THIRD = 3;
    /**
     * PgCrashMatrixIT, PgLockIT, MemoryAtScaleIT, SandboxWorldLockIT, RamCrashIT, LockReleaseIT, ConnectionErrorsIT
     * (about 5 to 15 s each): before the unordered short classes.
     */
    public static final int MIDDLE = 4;
    /** TornJournalCrashIT. */
    public static final int LAST = Integer.MAX_VALUE;

    private ItOrder() {}
}
