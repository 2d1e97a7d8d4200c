/**
 * The one way kmsmig works on many secrets at once: {@link io.kmsmig.parallel.ParallelRunner}, used by snapshot reads,
 * apply and verify. Nothing here knows about KMS, plans or state; it depends on nothing else in kmsmig.
 */
package io.kmsmig.parallel;
