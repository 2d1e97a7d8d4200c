/**
 * The emulated KMS's data and rules: regions, KMS instances and keys, secrets and their versions, and the
 * semantics of every secret operation (stage labels, limits, pending deletion), each citing
 * {@code shared/reference/kms-openapi.md}. Also the world file (sandbox-world.v1) reader and writer, and the
 * world's change log beside it ({@link io.kmsmig.emulator.world.WorldLog}): snapshot plus log is the persisted world.
 *
 * <p>Must not live here: HTTP, JSON response shapes or signatures; those are {@code openapi} and
 * {@code instance}. Nothing here knows about the engine.
 */
package io.kmsmig.emulator.world;
