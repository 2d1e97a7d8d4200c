/**
 * The KMS port: {@link io.kmsmig.kms.KmsPort} (one region's KMS OpenAPI), {@link io.kmsmig.kms.ActionTrailPort},
 * {@link io.kmsmig.kms.CallerIdentityPort} (STS: who a credential is, as a principal, {@link io.kmsmig.kms.Principals})
 * and {@link io.kmsmig.kms.InstanceGatewayPort}, their value types, and the only code that imports the Alibaba SDKs
 * (the {@code Aliyun*} and {@code Dkms*} adapters). Also the client-side guards every call goes through: rate
 * limits per region and API group, retries with full-jitter backoff, and call metering.
 *
 * <p>Errors leave this package as {@link io.kmsmig.kms.KmsCallException}, whose message is built here and never
 * copied from an SDK exception: the old SDK puts every parameter, SecretData included, into the request URL and
 * repeats that URL in its error messages.
 *
 * <p>The old SDK signs and sends KMS requests, but no answer is read by its unmarshaller: {@code StrictCall}
 * reads every raw body with Jackson (RFC 8259), because the SDK's reader changes strings holding escaped control
 * characters (kms-openapi.md §1.4).
 */
package io.kmsmig.kms;
