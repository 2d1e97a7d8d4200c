/**
 * Reading kmsmig's versioned files (migration spec, sandbox world, plan, state): YAML or JSON text into a Jackson
 * tree that remembers where every value came from ({@link io.kmsmig.formats.YamlReader} for hand-written files,
 * {@link io.kmsmig.formats.JsonReader}, strict RFC 8259, for JSON that kmsmig wrote itself), validation against the
 * JSON Schemas kept in {@code schemas/} at the repository root, and writing files only their owner may read
 * ({@link io.kmsmig.formats.PrivateFiles}).
 *
 * <p>Lives here: parsing limits (size, alias expansion, nesting) and the single wrapper around the
 * networknt validator. Must not live here: anything that knows what a spec or a world means; that is the
 * engine's {@code spec} package and the emulator's {@code world} package.
 */
package io.kmsmig.formats;
