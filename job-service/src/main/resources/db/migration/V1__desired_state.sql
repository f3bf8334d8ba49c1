-- Desired state of Borealis: jobs, their immutable task-config versions, which version each
-- instance should run, and the transactional outbox of change events.

CREATE TABLE jobs (
    id              BIGSERIAL    PRIMARY KEY,
    role            VARCHAR(64)  NOT NULL,
    environment     VARCHAR(64)  NOT NULL,
    name            VARCHAR(64)  NOT NULL,
    kind            VARCHAR(16)  NOT NULL,
    -- the JobSpec with defaults applied (JSON); task is the newest config, instances the current count
    spec            TEXT         NOT NULL,
    current_version VARCHAR(12)  NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT jobs_key_unique UNIQUE (role, environment, name)
);

-- A config version is the hash of the canonical TaskConfig: immutable, stored once per job.
CREATE TABLE task_configs (
    job_id     BIGINT      NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    version    VARCHAR(12) NOT NULL,
    config     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (job_id, version)
);

CREATE TABLE job_instances (
    job_id         BIGINT      NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    instance_id    INTEGER     NOT NULL,
    config_version VARCHAR(12) NOT NULL,
    PRIMARY KEY (job_id, instance_id),
    FOREIGN KEY (job_id, config_version) REFERENCES task_configs (job_id, version)
);

-- Written in the same transaction as the change. Writers serialise on an advisory lock so ids
-- become visible in order and a reader polling "id > last seen" never skips one.
CREATE TABLE outbox_events (
    id         BIGSERIAL    PRIMARY KEY,
    type       VARCHAR(64)  NOT NULL,
    subject    VARCHAR(200) NOT NULL,
    detail     TEXT         NOT NULL,
    created_at TIMESTAMPTZ  NOT NULL
);
