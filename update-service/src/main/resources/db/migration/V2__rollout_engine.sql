-- The rolling-update engine: what an update targets, its clocks, and one row per touched instance.
-- Every step is written here before the instance is touched (write-ahead), so a restarted service
-- continues where it was.

ALTER TABLE job_updates
    ADD COLUMN target_version    VARCHAR(128),
    ADD COLUMN batches_started   INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN auto_paused_batch INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN last_progress_at  TIMESTAMPTZ,
    ADD COLUMN last_pulse_at     TIMESTAMPTZ,
    ADD COLUMN blocked_by        TEXT,
    ADD COLUMN lock_released     BOOLEAN     NOT NULL DEFAULT FALSE;

-- who asked for a status change (X-Borealis-User), null for the engine itself
ALTER TABLE job_update_events ADD COLUMN actor VARCHAR(128);

CREATE TABLE update_instances (
    id                  BIGSERIAL    PRIMARY KEY,
    update_id           UUID         NOT NULL REFERENCES job_updates (id) ON DELETE CASCADE,
    instance            INTEGER      NOT NULL CHECK (instance >= 0),
    -- position in the forward order (failure domain, then instance id)
    ordinal             INTEGER      NOT NULL,
    domain              VARCHAR(256) NOT NULL DEFAULT '',
    -- null from_version: the instance is added; null to_version: it is removed
    from_version        VARCHAR(128),
    to_version          VARCHAR(128),
    from_health_checked BOOLEAN      NOT NULL,
    to_health_checked   BOOLEAN      NOT NULL,
    forward_step        VARCHAR(16)  NOT NULL,
    -- null unless the instance is part of a rollback
    back_step           VARCHAR(16),
    failures            INTEGER      NOT NULL DEFAULT 0,
    batch               INTEGER      NOT NULL DEFAULT 0,
    started_seq         INTEGER      NOT NULL DEFAULT 0,
    step_started_at     TIMESTAMPTZ,
    CONSTRAINT update_instances_one_row_per_instance UNIQUE (update_id, instance),
    CONSTRAINT update_instances_changes_something CHECK (from_version IS NOT NULL OR to_version IS NOT NULL)
);

-- updates finished before the engine existed hold no lock
UPDATE job_updates SET lock_released = TRUE
    WHERE status IN ('ROLLED_FORWARD', 'ROLLED_BACK', 'ABORTED', 'FAILED', 'ERROR');
