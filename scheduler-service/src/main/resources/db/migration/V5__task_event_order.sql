-- task_event is also the outbox behind GET /api/v1/tasks/events, read as "id > cursor". For that
-- read to skip nothing, ids must become visible in the order they are drawn. So every statement
-- inserting into task_event first takes one transaction-scoped advisory lock: a BEFORE STATEMENT
-- trigger runs before any row (and its id default) is computed, and the lock is released only after
-- the commit is visible. A reader seeing id n therefore sees every lower id that will ever commit.
-- The scheduler's writers already take turns (its StateLock, the leader fence); this makes the
-- order a property of the table, whoever writes. job-service's outbox takes the same kind of lock.
CREATE FUNCTION task_event_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7521568418231661939); -- an arbitrary constant naming this lock
    RETURN NULL;
END
$$;

CREATE TRIGGER task_event_in_commit_order BEFORE INSERT ON task_event
    FOR EACH STATEMENT EXECUTE FUNCTION task_event_in_commit_order();
