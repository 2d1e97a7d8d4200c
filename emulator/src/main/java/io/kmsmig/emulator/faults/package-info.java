/**
 * What the emulator does besides answering correctly: per-call latency, server-side QPS quotas per region and
 * API group (token buckets, reference kms-openapi.md §16), random throttling, injected 5xx answers and dropped
 * connections, and the call log that counts what was served. All settable per world and at run time.
 *
 * <p>Must not live here: the KMS rules themselves ({@code world}) or HTTP ({@code openapi}).
 */
package io.kmsmig.emulator.faults;
