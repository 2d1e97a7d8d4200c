/**
 * A local Alibaba Cloud KMS: {@link io.kmsmig.emulator.KmsEmulator#start} serves every region of a world on
 * HTTPS ports of its own, each KMS instance gateway on another, ActionTrail per region, and a loopback admin API.
 * The unmodified official SDKs talk to it with real signature checks.
 *
 * <p>Depends on nothing in the engine. Sub-packages: {@code world} (data and KMS rules), {@code openapi}
 * (RPC wire protocol), {@code instance} (gateway protocol), {@code actiontrail} (events), {@code faults},
 * {@code admin}, {@code tls}.
 */
package io.kmsmig.emulator;
