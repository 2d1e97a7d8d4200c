/**
 * Turning plans, verify reports and apply summaries into text (Terraform-like), Markdown (for pull request
 * comments) and JSON. Pure functions of immutable records: the same input gives byte-identical output, which
 * is what golden tests and plan review rely on. Never sees a secret value.
 */
package io.kmsmig.render;
