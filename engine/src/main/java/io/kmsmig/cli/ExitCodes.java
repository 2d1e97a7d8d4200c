package io.kmsmig.cli;

/** Process exit codes, listed in --help and the README. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int ERROR = 1;
    /** Only {@code plan --detailed-exitcode}: success with changes present. */
    public static final int CHANGES = 2;

    public static final int USAGE = 64;
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}

    /** The help footer listing them. */
    static final String[] HELP = {
        "  0    success (plan: no changes, or changes without --detailed-exitcode)",
        "  1    error: invalid input, a failed call, a stale plan, a conflict, failed secrets",
        "  2    plan --detailed-exitcode only: success, changes present",
        "  64   usage error: unknown command or option, missing argument, bad option value",
        "  130  interrupted (Ctrl-C); progress is saved in the state file",
    };
}
