/**
 * Turning plans, verify reports and apply summaries into text (Terraform-like), Markdown (for pull request
 * comments) and JSON. Pure functions of immutable records: the same input gives byte-identical output, which
 * is what golden tests and plan review rely on. Never sees a secret value.
 *
 * <p>Also the console views of the operations ({@code ConsolePlanView}, {@code ConsoleApplyView},
 * {@code ConsoleVerifyView}: stdout for the result, stderr for notes, a progress bar on a terminal).
 */
package io.kmsmig.render;
