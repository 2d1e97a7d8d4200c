/**
 * Applying a plan: secrets in parallel (actions within one secret in order), within the client-side rate limits,
 * with retries; values read with GetSecretValue right before they are written and held only while that secret is
 * worked on; every write recorded in state as intent (synced before the call) and then as done; resumable after
 * a crash at any instant by reconciling against the destination; stoppable with Ctrl-C.
 */
package io.kmsmig.apply;
