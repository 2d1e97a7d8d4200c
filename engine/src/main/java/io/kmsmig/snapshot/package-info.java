/**
 * Reading the world through the KMS port without reading any value: the source snapshot (selected secrets'
 * metadata, versions in creation order, stages) and the destination refresh. Immutable records, plus the
 * {@link io.kmsmig.snapshot.Snapshotter} that reads them in parallel within the rate limits.
 *
 * <p>Must not live here: decisions about what to do (that is {@code plan}).
 */
package io.kmsmig.snapshot;
