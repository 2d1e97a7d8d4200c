/**
 * The state file (format state.v1, {@code schemas/state.v1.schema.json}): kmsmig's record of what it did, with a
 * fixed lineage and a serial bumped on every change. Immutable records in memory; on disk a JSON snapshot plus an
 * append-only journal written during apply, folded in at the end (linear cost), written atomically with a backup,
 * and guarded by a lock file.
 *
 * <p>Never holds a secret value, nor a hash of one.
 */
package io.kmsmig.state;
