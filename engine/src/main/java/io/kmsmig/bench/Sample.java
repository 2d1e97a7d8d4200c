package io.kmsmig.bench;

import java.util.Map;

/**
 * One measured phase.
 *
 * @param secrets          N, the source secrets in the world
 * @param phase            plan or apply
 * @param parallelism      secrets worked on at once
 * @param latencyMs        latency the emulator added to every call
 * @param wallNanos        wall time of the phase
 * @param calls            attempts per "region action" (the engine's own count, retries included)
 * @param serverThrottles  answers the server throttled during the phase (retried by the client)
 * @param surfaced         throttling errors that reached the user (the client gave up)
 * @param peakHeapBytes    the engine JVM's peak heap during the phase
 * @param cpuNanos         the engine JVM's CPU time during the phase (the emulator runs in another process)
 * @param persistenceNanos time spent writing the state (journal appends, syncs, compaction); 0 for plan
 * @param ideal            the time the KMS API allows for these calls
 */
public record Sample(
        int secrets,
        String phase,
        int parallelism,
        long latencyMs,
        long wallNanos,
        Map<String, Long> calls,
        long serverThrottles,
        long surfaced,
        long peakHeapBytes,
        long cpuNanos,
        long persistenceNanos,
        Ideal ideal) {
    public Sample {
        calls = Map.copyOf(calls);
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    public double wallSeconds() {
        return wallNanos / 1e9;
    }
}
