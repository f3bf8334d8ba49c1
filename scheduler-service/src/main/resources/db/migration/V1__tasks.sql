-- Actual state: every task the scheduler ever created, its history and the framework id.
CREATE TABLE task (
    task_id         VARCHAR(255) PRIMARY KEY,
    role            VARCHAR(64)  NOT NULL,
    environment     VARCHAR(64)  NOT NULL,
    job_name        VARCHAR(64)  NOT NULL,
    instance_id     INTEGER      NOT NULL,
    config_version  VARCHAR(128) NOT NULL,
    config          TEXT         NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    agent_id        VARCHAR(255),
    hostname        VARCHAR(255),
    ports           TEXT,
    healthy         BOOLEAN,
    ancestor_id     VARCHAR(255),
    failure_count   INTEGER      NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX task_job_idx ON task (role, environment, job_name, instance_id);
CREATE INDEX task_status_idx ON task (status);

CREATE TABLE task_event (
    id        BIGSERIAL    PRIMARY KEY,
    task_id   VARCHAR(255) NOT NULL REFERENCES task (task_id),
    at        TIMESTAMPTZ  NOT NULL,
    status    VARCHAR(32)  NOT NULL,
    message   TEXT,
    source    VARCHAR(32)  NOT NULL
);
CREATE INDEX task_event_task_idx ON task_event (task_id, id);

CREATE TABLE framework (
    name          VARCHAR(64)  PRIMARY KEY,
    framework_id  VARCHAR(255) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);
