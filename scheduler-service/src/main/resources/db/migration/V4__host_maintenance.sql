-- Hosts under maintenance (by agent hostname). No row: ACTIVE. DRAINING: its tasks are being moved
-- away at a bounded rate; DRAINED: none left, it takes nothing until maintenance ends (row deleted).
CREATE TABLE host_maintenance (
    hostname     TEXT PRIMARY KEY,
    mode         TEXT NOT NULL CHECK (mode IN ('DRAINING', 'DRAINED')),
    requested_at TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
