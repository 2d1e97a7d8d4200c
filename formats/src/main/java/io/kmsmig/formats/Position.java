package io.kmsmig.formats;

/**
 * A place in a text file, 1-based line and column, as an editor shows it.
 *
 * @param line   1-based line number, at least 1
 * @param column 1-based column number, at least 1
 */
public record Position(int line, int column) {
    public Position {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
