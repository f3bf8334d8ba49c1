-- Flapping: when a task first ran, until when a THROTTLED task waits, and the delay it was given
-- (its replacement's delay doubles from it when the instance keeps failing fast).
ALTER TABLE task ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE task ADD COLUMN throttled_until TIMESTAMPTZ;
ALTER TABLE task ADD COLUMN throttle_penalty_ms BIGINT NOT NULL DEFAULT 0;
