-- Production quotas per role (a role without a row is unlimited) and the update lock of a job.

CREATE TABLE role_quotas (
    role       VARCHAR(64) PRIMARY KEY,
    cpus       NUMERIC     NOT NULL CHECK (cpus >= 0),
    ram_mb     BIGINT      NOT NULL CHECK (ram_mb >= 0),
    disk_mb    BIGINT      NOT NULL CHECK (disk_mb >= 0),
    updated_at TIMESTAMPTZ NOT NULL
);

-- Held by one update (its id) while it changes the job's instances; users' instance changes wait.
ALTER TABLE jobs
    ADD COLUMN lock_holder VARCHAR(128),
    ADD COLUMN locked_since TIMESTAMPTZ,
    ADD CONSTRAINT jobs_lock_complete CHECK ((lock_holder IS NULL) = (locked_since IS NULL));
