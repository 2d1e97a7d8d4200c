/**
 * The KMS OpenAPI 2016-01-20 and ActionTrail 2020-07-06 RPC wire protocol as the official SDKs speak it
 * (reference sdk-wire-protocol.md §2, kms-openapi.md §1): parameters from query and form body, V1 (HMAC-SHA1)
 * and V3 (ACS3-HMAC-SHA256) signatures, flat JSON answers with wrapped lists and raw UTF-8, and error bodies.
 *
 * <p>Must not live here: the KMS rules (those are {@code world}).
 */
package io.kmsmig.emulator.openapi;
