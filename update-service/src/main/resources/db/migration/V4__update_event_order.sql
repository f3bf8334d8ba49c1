-- job_update_events is also the outbox behind GET /api/v1/updates/events, read as "id > cursor".
-- For that read to skip nothing, ids must become visible in the order they are drawn, whatever
-- thread or instance writes: every statement inserting into it first takes one transaction-scoped
-- advisory lock (a BEFORE STATEMENT trigger runs before any row's id default is computed), held
-- until the commit. A reader that sees id n then sees every lower id that will ever commit.
CREATE FUNCTION job_update_events_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(5418369020137152461); -- an arbitrary constant naming this lock
    RETURN NULL;
END
$$;

CREATE TRIGGER job_update_events_in_commit_order BEFORE INSERT ON job_update_events
    FOR EACH STATEMENT EXECUTE FUNCTION job_update_events_in_commit_order();
