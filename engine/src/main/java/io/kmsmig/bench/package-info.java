/**
 * The benchmark harness behind {@code kmsmig bench}: generated worlds, the emulator as a separate process with
 * latency and server-side quotas, measurements of the engine (wall, calls, heap, CPU, persistence), the ideal time
 * the KMS API allows, and the printed table. Not part of the product's code path; nothing here is used by a command
 * a user runs against the cloud.
 */
package io.kmsmig.bench;
