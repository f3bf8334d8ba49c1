-- Rollouts: one row per job update, and the history of each (status changes and instance actions).

CREATE TABLE job_updates (
    id              UUID         PRIMARY KEY,
    job_role        VARCHAR(64)  NOT NULL,
    job_environment VARCHAR(64)  NOT NULL,
    job_name        VARCHAR(64)  NOT NULL,
    status          VARCHAR(40)  NOT NULL,
    settings        JSONB        NOT NULL,
    message         TEXT,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL
);

CREATE INDEX job_updates_by_job ON job_updates (job_role, job_environment, job_name, created_at DESC);
CREATE INDEX job_updates_by_time ON job_updates (created_at DESC);

-- At most one active update per job, whatever races between instances of this service:
-- "409 if one is active" holds in the database, not only in code. The list is the terminal
-- states of UpdateStatus; UpdateStatus.isTerminal() and this index must agree (tested).
CREATE UNIQUE INDEX job_updates_one_active_per_job ON job_updates (job_role, job_environment, job_name)
    WHERE status NOT IN ('ROLLED_FORWARD', 'ROLLED_BACK', 'ABORTED', 'FAILED', 'ERROR');

-- An event is either a status change of the update or an action on one instance.
CREATE TABLE job_update_events (
    id          BIGSERIAL    PRIMARY KEY,
    update_id   UUID         NOT NULL REFERENCES job_updates (id) ON DELETE CASCADE,
    occurred_at TIMESTAMPTZ  NOT NULL,
    status      VARCHAR(40),
    action      VARCHAR(40),
    instance    INTEGER,
    message     TEXT,
    CONSTRAINT job_update_events_status_or_action CHECK (
        (status IS NOT NULL AND action IS NULL AND instance IS NULL)
        OR (status IS NULL AND action IS NOT NULL AND instance IS NOT NULL AND instance >= 0))
);

CREATE INDEX job_update_events_by_update ON job_update_events (update_id, id);
