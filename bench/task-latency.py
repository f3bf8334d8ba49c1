#!/usr/bin/env python3
"""Latency percentiles from the scheduler's task events (GET /api/v1/jobs/{job}/tasks, one JSON list
per line on stdin). Used by the bench scripts; not a test.

  task-latency.py placement                 PENDING -> ASSIGNED of every task (first of each)
  task-latency.py replacement T0_MS IDS...  T0 (epoch ms) -> RUNNING of the replacement of each id

Prints one line: count, p50, p90, p99, max in ms (and how many had no such event)."""
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


def report(values, missing):
    if not values:
        print(f"count=0 missing={missing}")
        return
    values.sort()
    pick = lambda q: values[min(len(values) - 1, int(q * len(values)))]
    print(f"count={len(values)} p50={pick(0.50):.0f}ms p90={pick(0.90):.0f}ms p99={pick(0.99):.0f}ms "
          f"max={values[-1]:.0f}ms missing={missing}")


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
    else:
        sys.exit("mode: placement | replacement")
    report(values, missing)


if __name__ == "__main__":
    main()
