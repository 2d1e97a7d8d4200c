/**
 * How kmsmig fails: one unchecked {@link io.kmsmig.diag.KmsmigException} carrying an {@link io.kmsmig.diag.ErrorCode}
 * (which decides the exit code), and {@link io.kmsmig.diag.Diagnostic}s for problems found in input files, reported
 * all at once with {@code file:line:col} and the field path.
 *
 * <p>Messages say what happened, show the values involved, and the next step. They never contain secret values.
 */
package io.kmsmig.diag;
