package io.kmsmig.formats;

import java.util.List;

/**
 * A file could not be read as the format it claims to be. Carries every problem found, in file order, so a
 * caller can report them all at once. Messages never include file contents beyond the offending key names.
 */
public final class FormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public FormatException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid file" : problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public FormatException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem found, at least one. */
    public List<Problem> problems() {
        return problems;
    }
}
