/**
 * ActionTrail for the emulated account: every KMS call the emulator serves becomes an event, and LookupEvents
 * (2020-07-06, reference kms-openapi.md §17) queries them by attribute and time window, with paging.
 * Events never hold secret values.
 */
package io.kmsmig.emulator.actiontrail;
