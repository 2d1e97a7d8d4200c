/**
 * The state file (format state.v1, {@code schemas/state.v1.schema.json}): kmsmig's record of what it did, with a
 * fixed lineage and a serial bumped on every change. Immutable records in memory; on disk a JSON snapshot plus an
 * append-only journal of framed records (length and CRC32C, {@code JournalFormat}) written during apply, folded in
 * at the end (linear cost), written atomically with a backup, and guarded by an operating-system lock on a lock
 * file ({@code StateLock}) that dies with its process.
 *
 * <p>Operations and commands reach it only through {@link io.kmsmig.state.StateBackend} (load, lock, journal, fold,
 * backup, force-unlock); {@link io.kmsmig.state.FileStateBackend} is the state file, so another backend plugs in
 * without touching them.
 *
 * <p>Never holds a secret value, nor a hash of one.
 */
package io.kmsmig.state;
