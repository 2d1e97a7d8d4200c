/**
 * The state in PostgreSQL (issue 14): {@link io.kmsmig.state.postgres.PostgresStateBackend} behind
 * {@link io.kmsmig.state.StateBackend}, with the same semantics as the state file (lineage and serial with
 * compare-and-set, a journal of committed rows folded in one transaction, history, a lock that dies with its
 * session). Tables are created by Flyway from {@code db/kmsmig/V*.sql}. Only this package imports JDBC and Flyway.
 *
 * <p>Never holds a secret value, nor a hash of one: its rows hold what the state file holds.
 */
package io.kmsmig.state.postgres;
