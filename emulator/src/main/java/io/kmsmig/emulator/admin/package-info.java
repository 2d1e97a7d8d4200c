/**
 * The emulator's admin API: plain HTTP on loopback only, a port of its own and the {@code /admin/} prefix,
 * never reachable with KMS credentials, and only with the random bearer token of the owner-only {@code --info} file. Dumps and replaces the world (values included: it is a test fake),
 * shows the call log, sets faults and semantics, advances the clock, resets.
 */
package io.kmsmig.emulator.admin;
