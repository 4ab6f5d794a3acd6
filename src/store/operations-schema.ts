/**
 * Tables of daily operations (issue 12): dated carrier manifests, frozen dispatches, actuals entries, the
 * date plans' demand and the report scorecard snapshots. Appended as one migration step to src/store/sqlite.ts.
 * Documents are JSON (each is read whole); the columns are what lookups and uniqueness need.
 */
export const OPERATIONS_MIGRATION = `
  CREATE TABLE op_manifests (
    id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    carrier_id TEXT NOT NULL,
    source TEXT NOT NULL,
    rows TEXT NOT NULL,
    created_at TEXT NOT NULL,
    superseded_by TEXT
  );
  CREATE UNIQUE INDEX op_manifests_active ON op_manifests(scenario_id, date, carrier_id) WHERE superseded_by IS NULL;
  CREATE TABLE op_date_plans (
    plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE TABLE op_dispatches (
    id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    plan_id TEXT NOT NULL,
    date TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE UNIQUE INDEX op_dispatches_date ON op_dispatches(scenario_id, date);
  CREATE TABLE op_actuals (
    entry_id TEXT PRIMARY KEY,
    dispatch_id TEXT NOT NULL REFERENCES op_dispatches(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    vehicle TEXT NOT NULL,
    station_id TEXT NOT NULL,
    carrier_id TEXT NOT NULL,
    delivered INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    fail_reason TEXT NOT NULL,
    picked_up INTEGER NOT NULL,
    arrival TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX op_actuals_by_dispatch ON op_actuals(dispatch_id, seq);
  CREATE TABLE op_scorecards (
    id TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
    as_of TEXT NOT NULL,
    period TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL
  );`;
