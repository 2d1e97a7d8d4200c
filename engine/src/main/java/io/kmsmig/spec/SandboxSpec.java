package io.kmsmig.spec;

import java.nio.file.Path;

/**
 * Run against the embedded emulator.
 *
 * @param world the seed world file, used the first time
 * @param data  where the sandbox keeps its world between runs
 */
public record SandboxSpec(Path world, Path data) {}
