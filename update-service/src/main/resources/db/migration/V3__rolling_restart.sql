-- Rolling restarts run on the same engine as updates: an update row says which it is, and a
-- restart step records the task it replaces and, once the scheduler answered, the new task, so a
-- restart call re-sent after a crash never restarts an instance twice.

ALTER TABLE job_updates ADD COLUMN kind VARCHAR(16) NOT NULL DEFAULT 'UPDATE';

ALTER TABLE update_instances
    ADD COLUMN replaced_task    VARCHAR(256),
    ADD COLUMN replacement_task VARCHAR(256);
