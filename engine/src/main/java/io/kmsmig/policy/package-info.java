/**
 * Least-privilege RAM policies: which actions each kmsmig role (plan, verify, apply, cutover) calls in which region,
 * on which resources, generated for one spec ({@code kmsmig policy}) and for the README's table from the same
 * {@link io.kmsmig.policy.Catalog}. Reads the spec only: no KMS, STS or state access lives here.
 */
package io.kmsmig.policy;
