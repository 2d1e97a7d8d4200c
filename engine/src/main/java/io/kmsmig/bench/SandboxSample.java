package io.kmsmig.bench;

/**
 * One measured command of the sandbox case: the whole command (spec, workspace, the in-process emulator with its
 * world file, state, rendering) run in this JVM, so its heap is the engine's and the emulator's together.
 *
 * @param secrets       N, the source secrets in the world
 * @param command       plan (with -o), show, apply (of the saved plan) or verify
 * @param wallNanos     wall time of the command
 * @param peakHeapBytes this JVM's peak heap during the command (an upper bound: garbage not yet collected counts)
 * @param cpuNanos      this JVM's CPU time during the command
 */
public record SandboxSample(int secrets, String command, long wallNanos, long peakHeapBytes, long cpuNanos) {
    public double wallSeconds() {
        return wallNanos / 1e9;
    }
}
