/**
 * Verify (migration procedure, steps 3 and 4): for every migrated secret, compare both regions (metadata, key and
 * instance mapping, version ids, stages, and values compared in memory in constant time), and optionally read the
 * destination the way the application will (through the KMS instance endpoint with its client key). Reports
 * differences by field, never by value.
 */
package io.kmsmig.verify;
