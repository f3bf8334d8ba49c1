#!/usr/bin/env python3
"""Latency percentiles from the scheduler's task events (GET /api/v1/jobs/{job}/tasks, one JSON list
per line on stdin). Used by the bench scripts; not a test.

  task-latency.py placement                 PENDING -> ASSIGNED of every task (first of each)
  task-latency.py replacement T0_MS IDS...  T0 (epoch ms) -> RUNNING of the replacement of each id

Prints one line: count, p50, p90, p99, max in ms (and how many had no such event). The replacement
mode adds a second line with the p50 and p99 of each stage from T0: the failed task's end recorded,
its replacement created (PENDING or THROTTLED), ASSIGNED, STARTING, RUNNING."""
import json
import sys
from datetime import datetime, timezone


def millis(stamp):
    # Instants come with up to 9 fraction digits; Python parses at most 6
    head, _, frac = stamp.rstrip("Z").partition(".")
    frac = (frac + "000000")[:6]
    t = datetime.strptime(head + "." + frac, "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=timezone.utc)
    return t.timestamp() * 1000.0


def first(task, status):
    for event in task.get("events") or []:
        if event.get("status") == status:
            return millis(event["time"])
    return None


def pick(values, q):
    return values[min(len(values) - 1, int(q * len(values)))]


def report(values, missing):
    if not values:
        print(f"count=0 missing={missing}")
        return
    values.sort()
    print(f"count={len(values)} p50={pick(values, 0.50):.0f}ms p90={pick(values, 0.90):.0f}ms "
          f"p99={pick(values, 0.99):.0f}ms max={values[-1]:.0f}ms missing={missing}")


def stages(t0, failed, replacements):
    """p50/p99 from T0 of each step of a failure's handling, over the failures that have it."""
    steps = {"ended": [], "created": [], "assigned": [], "starting": [], "running": []}
    for taskid, replacement in replacements.items():
        ended = [millis(e["time"]) for e in failed.get(taskid, {}).get("events") or []
                 if e.get("status") in ("FAILED", "LOST", "KILLED", "FINISHED")]
        created = millis(replacement["events"][0]["time"]) if replacement.get("events") else None
        for name, at in (("ended", ended[0] if ended else None), ("created", created),
                         ("assigned", first(replacement, "ASSIGNED")),
                         ("starting", first(replacement, "STARTING")), ("running", first(replacement, "RUNNING"))):
            if at is not None:
                steps[name].append(at - t0)
    parts = []
    for name, values in steps.items():
        values.sort()
        if values:
            parts.append(f"{name} p50={pick(values, 0.5):.0f}/p99={pick(values, 0.99):.0f}ms")
    print("stages from T0: " + ", ".join(parts))


def main():
    tasks = [t for line in sys.stdin if line.strip() for t in json.loads(line)]
    mode = sys.argv[1]
    values, missing = [], 0
    if mode == "placement":
        for task in tasks:
            pending, assigned = first(task, "PENDING"), first(task, "ASSIGNED")
            if pending is None or assigned is None:
                missing += 1
            else:
                values.append(assigned - pending)
    elif mode == "replacement":
        t0, wanted = float(sys.argv[2]), set(sys.argv[3:])
        by_ancestor = {t.get("ancestorId"): t for t in tasks if t.get("ancestorId") in wanted}
        for taskid in wanted:
            running = first(by_ancestor[taskid], "RUNNING") if taskid in by_ancestor else None
            if running is None:
                missing += 1
            else:
                values.append(running - t0)
        report(values, missing)
        stages(t0, {t["taskId"]: t for t in tasks if t.get("taskId") in wanted}, by_ancestor)
        return
    else:
        sys.exit("mode: placement | replacement")
    report(values, missing)


if __name__ == "__main__":
    main()
