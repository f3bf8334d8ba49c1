-- The leader lock of active/standby scheduler-service instances. One row per lock name. The epoch
-- grows by one on every change of holder; writers compare it (fencing) so a paused old leader's
-- writes are refused. Times are the database's own clock, so instances' clocks do not matter.
CREATE TABLE leader_lease (
    name        VARCHAR(64)  PRIMARY KEY,
    holder      VARCHAR(255) NOT NULL,
    epoch       BIGINT       NOT NULL,
    since       TIMESTAMPTZ  NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL
);
INSERT INTO leader_lease (name, holder, epoch, since, expires_at) VALUES ('scheduler', '', 0, now(), now());
