/**
 * The command line: picocli commands, one class per verb, thin: each parses its options, picks a view and a state
 * backend ({@code StateAccess}), and hands the work to an operation ({@code io.kmsmig.operation}).
 * {@link io.kmsmig.cli.Main#run} is the in-process seam tests use; all output goes through the injected writers;
 * {@link io.kmsmig.cli.ErrorReporter} is the one place that maps exceptions to messages and exit codes. Nothing
 * imports this package.
 */
package io.kmsmig.cli;
