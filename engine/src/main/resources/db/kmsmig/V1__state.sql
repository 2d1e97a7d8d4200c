-- kmsmig state on PostgreSQL, version 1. Flyway runs this in the configured schema (search_path set to it).
-- Never a secret value nor a hash of one: the rows hold what the state file holds (names, ids, stages, digests of
-- metadata), as state.v1 JSON text.

-- One row per migration (spec name + workspace). Its id is the advisory lock key (with a fixed class id), so the row
-- is created when a command first locks the migration; a state exists once lineage is set or a journal row exists.
CREATE TABLE migration (
    id          SERIAL PRIMARY KEY,
    spec_name   TEXT        NOT NULL,
    workspace   TEXT        NOT NULL DEFAULT '',
    lineage     TEXT,
    serial      BIGINT      NOT NULL DEFAULT 0,
    snapshot    TEXT,
    folded_at   TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT migration_name UNIQUE (spec_name, workspace)
);

-- The journal: one row per change, each with the next serial; the primary key makes a second writer of the same
-- serial fail (compare-and-set). kind: session (the spec's sha256), intent (an action in flight, committed before
-- its KMS call), done (a secret's record with nothing in flight), apply (a saved plan's apply started or ended).
CREATE TABLE journal (
    migration_id INTEGER     NOT NULL REFERENCES migration (id) ON DELETE CASCADE,
    serial       BIGINT      NOT NULL,
    lineage      TEXT        NOT NULL,
    kind         TEXT        NOT NULL CHECK (kind IN ('session', 'intent', 'done', 'apply')),
    record       TEXT        NOT NULL,
    written_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (migration_id, serial)
);

-- The snapshots before the last folds (the file backend's .backup, kept N deep).
CREATE TABLE history (
    migration_id INTEGER     NOT NULL REFERENCES migration (id) ON DELETE CASCADE,
    serial       BIGINT      NOT NULL,
    lineage      TEXT        NOT NULL,
    snapshot     TEXT        NOT NULL,
    folded_at    TIMESTAMPTZ,
    PRIMARY KEY (migration_id, serial)
);

-- Who holds (or last held) the migration's advisory lock: information for messages and force-unlock only; the lock
-- itself is the session's pg_try_advisory_lock, which dies with the session.
CREATE TABLE lock_holder (
    migration_id INTEGER     PRIMARY KEY REFERENCES migration (id) ON DELETE CASCADE,
    lock_id      TEXT        NOT NULL,
    pid          BIGINT      NOT NULL,
    host         TEXT        NOT NULL,
    operation    TEXT        NOT NULL,
    started      TIMESTAMPTZ NOT NULL,
    version      TEXT        NOT NULL,
    backend_pid  INTEGER     NOT NULL
);
