/**
 * The state in PostgreSQL (issue 14): {@link io.kmsmig.state.postgres.PostgresStateBackend} behind
 * {@link io.kmsmig.state.StateBackend}, with the same semantics as the state file (lineage and serial with
 * compare-and-set, a journal of committed rows folded in one transaction, history, a lock that dies with its
 * session). Tables are created and migrated by Flyway from {@code db/kmsmig/V*.sql} (never edit a released version:
 * add the next one). Only this package imports JDBC and Flyway.
 *
 * <p>A least-privilege user owns its schema and nothing else; advisory locks need no grant:
 * <pre>
 * CREATE ROLE kmsmig LOGIN;                       -- its password comes from PGPASSWORD, never from the spec
 * GRANT CONNECT ON DATABASE migrations TO kmsmig;
 * CREATE SCHEMA kmsmig AUTHORIZATION kmsmig;      -- Flyway creates and migrates the tables in it
 * </pre>
 *
 * <p>Never holds a secret value, nor a hash of one: its rows hold what the state file holds.
 */
package io.kmsmig.state.postgres;
