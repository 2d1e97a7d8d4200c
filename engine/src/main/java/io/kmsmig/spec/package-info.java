/**
 * The migration spec (format version 1, {@code schemas/migration-spec.v1.schema.json}): loading it from YAML with
 * positions, validating it against the schema and the rules a schema cannot express, and the immutable
 * {@link io.kmsmig.spec.MigrationSpec} the rest of kmsmig reads. Relative paths in a spec resolve against the
 * directory kmsmig runs in, like Terraform's.
 *
 * <p>Must not live here: anything that talks to KMS.
 */
package io.kmsmig.spec;
