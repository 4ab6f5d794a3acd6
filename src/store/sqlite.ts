/**
 * SQLite implementation of the Store interface (better-sqlite3, synchronous).
 *
 * A scenario is stored as one normalised JSON document (plus OSM road bytes in a BLOB) with a few summary
 * columns for listing. Why not one table per CSV: every consumer (planner, API, export) loads a scenario
 * whole, nothing queries single demand rows, and a document keeps a save to one statement — atomic by
 * construction and trivially lossless (JSON numbers round-trip exactly). Plans and jobs are JSON documents
 * for the same reason, with the columns a list or an update needs.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Scenario } from '../model/types.ts';
import { assertValidScenario } from '../model/validate.ts';
import type { PlanResult } from '../planning/types.ts';
import {
  REQUEUED_MARK,
  MAX_JOB_ATTEMPTS,
  interruptedMessage,
  type AuditEntry,
  type JobRecord,
  type JobStatus,
  type ScenarioSummary,
  type Store,
  type StoredPlan,
} from './types.ts';
import { OPERATIONS_MIGRATION } from './operations-schema.ts';

export const STORE_FILE = 'gongpei.sqlite';

/** Data directory: argument, else $GONGPEI_DATA_DIR, else ./var. */
export function resolveDataDir(dir?: string): string {
  return resolve(dir ?? process.env.GONGPEI_DATA_DIR ?? 'var');
}

export function storeFilePath(dir?: string): string {
  return join(resolveDataDir(dir), STORE_FILE);
}

/**
 * Numbered schema steps; PRAGMA user_version holds how many have been applied. Append only: never edit a
 * step that has shipped, add a new one.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE scenarios (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     admin_code TEXT NOT NULL,
     stations INTEGER NOT NULL,
     villages INTEGER NOT NULL,
     doc TEXT NOT NULL,
     road_bytes BLOB,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE TABLE plans (
     id TEXT PRIMARY KEY,
     scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
     created_at TEXT NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX plans_by_scenario ON plans(scenario_id, created_at);
   CREATE TABLE jobs (
     id TEXT PRIMARY KEY,
     scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
     kind TEXT NOT NULL,
     params TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled')),
     progress REAL NOT NULL DEFAULT 0,
     best_cost REAL,
     plan_id TEXT,
     result TEXT,
     error TEXT,
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );
   CREATE INDEX jobs_by_scenario ON jobs(scenario_id, created_at);
   CREATE INDEX jobs_by_status ON jobs(status);`,
  OPERATIONS_MIGRATION,
  // Scenario versions (src/store/versions.ts): one row per edit, with the whole scenario document after it;
  // township boundaries imported as GeoJSON (src/store/versions-boundaries.ts).
  `CREATE TABLE scenario_versions (
     scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
     version INTEGER NOT NULL,
     created_at TEXT NOT NULL,
     author TEXT NOT NULL,
     kind TEXT NOT NULL,
     summary TEXT NOT NULL,
     edits TEXT NOT NULL,
     doc TEXT NOT NULL,
     PRIMARY KEY (scenario_id, version)
   );
   CREATE TABLE scenario_boundaries (
     scenario_id TEXT PRIMARY KEY REFERENCES scenarios(id) ON DELETE CASCADE,
     geojson TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // audit log of every write; who made a job.
  `CREATE TABLE audit (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at TEXT NOT NULL,
     who TEXT NOT NULL,
     role TEXT NOT NULL,
     action TEXT NOT NULL,
     status INTEGER NOT NULL,
     ip TEXT NOT NULL,
     request_id TEXT NOT NULL
   );
   CREATE INDEX audit_by_time ON audit(at);
   ALTER TABLE jobs ADD COLUMN created_by TEXT;
   ALTER TABLE scenarios ADD COLUMN updated_by TEXT;`,
  // Restart recovery (recoverInterruptedJobs): how often a crash interrupted a running job, and the job a
  // plan was solved for, unique, so one job can never store two plans.
  `ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE plans ADD COLUMN job_id TEXT;
   CREATE UNIQUE INDEX plans_by_job ON plans(job_id) WHERE job_id IS NOT NULL;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkScenarioId(id: string): void {
  if (!SCENARIO_ID.test(id)) {
    throw new Error(
      `invalid scenario id "${id}": use 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}

/** Sortable short id: time in base 36 (ms) + 48 random bits, e.g. "plan-mb2x9k3f-4q8z1c0m2a7b". */
function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

interface ScenarioRow {
  id: string;
  name: string;
  admin_code: string;
  stations: number;
  villages: number;
  doc: string;
  road_bytes: Buffer | null;
  created_at: string;
  updated_at: string;
}

interface PlanRow {
  id: string;
  scenario_id: string;
  created_at: string;
  doc: string;
}

interface JobRow {
  id: string;
  scenario_id: string;
  kind: string;
  params: string;
  status: JobStatus;
  progress: number;
  best_cost: number | null;
  plan_id: string | null;
  result: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  attempts: number;
}

const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export class SqliteStore implements Store {
  readonly file: string;
  private readonly db: Database.Database;

  constructor(file: string) {
    this.file = file;
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('synchronous = NORMAL');
    this.migrate();
  }

  /** Apply the schema steps not yet applied, each in its own transaction together with the version bump. */
  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `${this.file}: schema version ${current} is newer than this program (${MIGRATIONS.length}); upgrade gongpei`,
      );
    }
    for (let step = current; step < MIGRATIONS.length; step++) {
      this.db
        .transaction(() => {
          this.db.exec(MIGRATIONS[step]);
          this.db.pragma(`user_version = ${step + 1}`);
        })
        .immediate();
    }
  }

  /** The database handle, for feature tables kept in their own files (e.g. ./operations.ts). */
  get handle(): Database.Database {
    return this.db;
  }

  /** Journal mode and schema version, for tests and `info`. */
  pragmaInfo(): { journalMode: string; userVersion: number } {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      userVersion: this.db.pragma('user_version', { simple: true }) as number,
    };
  }

  // ------------------------------------------------------------------------------------------ scenarios

  listScenarios(): ScenarioSummary[] {
    const rows = this.db
      .prepare(
        'SELECT id, name, admin_code, stations, villages, created_at, updated_at, updated_by FROM scenarios ORDER BY id',
      )
      .all() as Array<ScenarioRow & { updated_by: string | null }>;
    return rows.map((r) => {
      const summary: ScenarioSummary = {
        id: r.id,
        name: r.name,
        adminCode: r.admin_code,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        stations: r.stations,
        villages: r.villages,
      };
      if (r.updated_by) summary.updatedBy = r.updated_by;
      return summary;
    });
  }

  getScenario(id: string): Scenario | null {
    const row = this.db.prepare('SELECT doc, road_bytes FROM scenarios WHERE id = ?').get(id) as
      Pick<ScenarioRow, 'doc' | 'road_bytes'> | undefined;
    if (!row) return null;
    const scenario = JSON.parse(row.doc) as Scenario;
    if ((scenario.roads.format === 'osm' || scenario.roads.format === 'osm.pbf') && row.road_bytes) {
      scenario.roads = { format: scenario.roads.format, bytes: new Uint8Array(row.road_bytes) };
    }
    return scenario;
  }

  saveScenario(id: string, scenario: Scenario, updatedBy?: string): void {
    checkScenarioId(id);
    assertValidScenario(scenario);
    const roads = scenario.roads;
    // Bytes go to the BLOB column; the document only says which format they are.
    const docRoads = roads.format === 'osm' || roads.format === 'osm.pbf' ? { format: roads.format } : roads;
    const doc = JSON.stringify({ ...scenario, roads: docRoads });
    const roadBytes =
      roads.format === 'osm' || roads.format === 'osm.pbf'
        ? Buffer.from(roads.bytes.buffer, roads.bytes.byteOffset, roads.bytes.byteLength)
        : null;
    const villages = scenario.places.filter((p) => p.kind === 'village');
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO scenarios (id, name, admin_code, stations, villages, doc, road_bytes, created_at, updated_at, updated_by)
         VALUES (@id, @name, @adminCode, @stations, @villages, @doc, @roadBytes, @now, @now, @updatedBy)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, admin_code = excluded.admin_code,
           stations = excluded.stations, villages = excluded.villages, doc = excluded.doc,
           road_bytes = excluded.road_bytes, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run({
        id,
        name: scenario.county.name,
        adminCode: scenario.county.adminCode,
        stations: villages.filter((p) => p.hasStation).length,
        villages: villages.length,
        doc,
        roadBytes,
        now,
        updatedBy: updatedBy ?? null,
      });
  }

  deleteScenario(id: string): boolean {
    return this.db.prepare('DELETE FROM scenarios WHERE id = ?').run(id).changes > 0;
  }

  // ---------------------------------------------------------------------------------------------- plans

  savePlan(scenarioId: string, plan: PlanResult, jobId?: string): StoredPlan {
    this.requireScenario(scenarioId);
    const stored: StoredPlan = { id: newId('plan'), scenarioId, createdAt: new Date().toISOString(), plan };
    this.db
      .prepare('INSERT INTO plans (id, scenario_id, created_at, doc, job_id) VALUES (?, ?, ?, ?, ?)')
      .run(stored.id, scenarioId, stored.createdAt, JSON.stringify(plan), jobId ?? null);
    return { ...stored, plan: JSON.parse(JSON.stringify(plan)) as PlanResult };
  }

  /**
   * A plan job's result: the plan (tagged with the job, unique) and the job marked done in one transaction,
   * so a crash can never leave a stored plan with its job still running (which a restart would solve again).
   */
  finishPlanJob(jobId: string, plan: PlanResult): { plan: StoredPlan; job: JobRecord } {
    return this.db.transaction(() => {
      const job = this.getJob(jobId);
      if (!job) throw new Error(`unknown job "${jobId}"`);
      const stored = this.savePlan(job.scenarioId, plan, jobId);
      const done = this.updateJob(jobId, {
        status: 'done',
        progress: 1,
        planId: stored.id,
        bestCost: plan.kpis.totalCost,
        error: null,
      });
      return { plan: stored, job: done };
    })();
  }

  getPlan(id: string): StoredPlan | null {
    const row = this.db.prepare('SELECT id, scenario_id, created_at, doc FROM plans WHERE id = ?').get(id) as
      PlanRow | undefined;
    if (!row) return null;
    return {
      id: row.id,
      scenarioId: row.scenario_id,
      createdAt: row.created_at,
      plan: JSON.parse(row.doc) as PlanResult,
    };
  }

  listPlans(scenarioId: string): Array<Omit<StoredPlan, 'plan'>> {
    const rows = this.db
      .prepare('SELECT id, scenario_id, created_at FROM plans WHERE scenario_id = ? ORDER BY created_at DESC, id DESC')
      .all(scenarioId) as PlanRow[];
    return rows.map((r) => ({ id: r.id, scenarioId: r.scenario_id, createdAt: r.created_at }));
  }

  // ----------------------------------------------------------------------------------------------- jobs

  createJob(scenarioId: string, kind: string, params: unknown, createdBy?: string): JobRecord {
    this.requireScenario(scenarioId);
    const now = new Date().toISOString();
    const id = newId('job');
    this.db
      .prepare(
        `INSERT INTO jobs (id, scenario_id, kind, params, status, progress, created_at, updated_at, created_by)
         VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?)`,
      )
      .run(id, scenarioId, kind, JSON.stringify(params ?? null), now, now, createdBy ?? null);
    return this.getJob(id)!;
  }

  updateJob(
    id: string,
    patch: Partial<Pick<JobRecord, 'status' | 'progress' | 'bestCost' | 'planId' | 'result' | 'error'>>,
  ): JobRecord {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id, now: new Date().toISOString() };
    if (patch.status !== undefined) {
      if (!JOB_STATUSES.includes(patch.status)) throw new Error(`invalid job status "${patch.status}"`);
      sets.push('status = @status');
      values.status = patch.status;
    }
    if (patch.progress !== undefined) {
      if (!(patch.progress >= 0 && patch.progress <= 1))
        throw new Error(`job progress must be within 0..1, got ${patch.progress}`);
      sets.push('progress = @progress');
      values.progress = patch.progress;
    }
    if (patch.bestCost !== undefined) {
      sets.push('best_cost = @bestCost');
      values.bestCost = patch.bestCost;
    }
    if (patch.planId !== undefined) {
      sets.push('plan_id = @planId');
      values.planId = patch.planId;
    }
    if (patch.result !== undefined) {
      sets.push('result = @result');
      values.result = patch.result === null ? null : JSON.stringify(patch.result);
    }
    if (patch.error !== undefined) {
      sets.push('error = @error');
      values.error = patch.error;
    }
    sets.push('updated_at = @now');
    const changes = this.db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = @id`).run(values).changes;
    if (changes === 0) throw new Error(`unknown job "${id}"`);
    return this.getJob(id)!;
  }

  getJob(id: string): JobRecord | null {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? jobFromRow(row) : null;
  }

  listJobs(scenarioId?: string): JobRecord[] {
    const rows = (
      scenarioId === undefined
        ? this.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, id DESC').all()
        : this.db.prepare('SELECT * FROM jobs WHERE scenario_id = ? ORDER BY created_at DESC, id DESC').all(scenarioId)
    ) as JobRow[];
    return rows.map(jobFromRow);
  }

  // ---------------------------------------------------------------------------------------------- audit

  addAudit(entry: Omit<AuditEntry, 'id' | 'at'>): void {
    this.db
      .prepare('INSERT INTO audit (at, who, role, action, status, ip, request_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(new Date().toISOString(), entry.who, entry.role, entry.action, entry.status, entry.ip, entry.requestId);
  }

  listAudit(limit = 100, offset = 0): { entries: AuditEntry[]; total: number } {
    const rows = this.db
      .prepare(
        'SELECT id, at, who, role, action, status, ip, request_id AS requestId FROM audit ORDER BY id DESC LIMIT ? OFFSET ?',
      )
      .all(limit, offset) as AuditEntry[];
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
    return { entries: rows, total };
  }

  // ------------------------------------------------------------------------------------------ retention

  /**
   * Retention: finished jobs (done/failed/cancelled) older than `jobDays`, then plans older than `planDays`
   * that no remaining job references. A plan a dispatch was frozen from is an operational record (the ledger and
   * reports read its routes and costs): it is never removed, however old. Returns what was removed.
   */
  cleanup(jobDays: number, planDays: number, now = new Date()): { jobs: number; plans: number } {
    const cut = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.db.transaction(() => {
      const jobs = this.db
        .prepare(`DELETE FROM jobs WHERE status IN ('done','failed','cancelled') AND updated_at < ?`)
        .run(cut(jobDays)).changes;
      const plans = this.db
        .prepare(
          `DELETE FROM plans WHERE created_at < ?
             AND id NOT IN (SELECT plan_id FROM jobs WHERE plan_id IS NOT NULL)
             AND id NOT IN (SELECT plan_id FROM op_dispatches)`,
        )
        .run(cut(planDays)).changes;
      return { jobs, plans };
    })();
  }

  // --------------------------------------------------------------------------------------------- backup

  /** Online backup (SQLite backup API): a consistent copy while the server keeps writing. */
  async backup(file: string): Promise<void> {
    await this.db.backup(file);
  }

  /** Every row of every table, ordered, for "nothing changed" checks (test corpus) and diagnostics. */
  logicalDump(): Record<string, unknown[]> {
    const tables = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
      .all() as Array<{ name: string }>;
    const out: Record<string, unknown[]> = {};
    for (const { name } of tables) {
      out[name] = (
        this.db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all() as Array<Record<string, unknown>>
      ).map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, Buffer.isBuffer(v) ? `blob:${v.toString('base64')}` : v]),
        ),
      );
    }
    return out;
  }

  /**
   * At start-up, for the jobs a previous process left queued or running: a plan job whose plan is already
   * stored is marked done (no second solve); a job that was running when the process died counts one
   * interruption and, after `maxAttempts` of them, is failed (a job that kills the server every time must not
   * be retried forever); every other job goes back to queued and its id is returned, oldest first, for the
   * runner to run again with its stored params.
   */
  recoverInterruptedJobs(maxAttempts = MAX_JOB_ATTEMPTS): {
    requeue: string[];
    completed: number;
    failed: number;
    interrupted: number;
  } {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(`SELECT * FROM jobs WHERE status IN ('queued', 'running') ORDER BY created_at, id`)
        .all() as JobRow[];
      const out = { requeue: [] as string[], completed: 0, failed: 0, interrupted: 0 };
      const now = new Date().toISOString();
      for (const row of rows) {
        if (!(row.status === 'queued' && row.error === REQUEUED_MARK)) out.interrupted++;
        const plan = this.db.prepare('SELECT id, doc FROM plans WHERE job_id = ?').get(row.id) as
          { id: string; doc: string } | undefined;
        if (plan) {
          const cost = (JSON.parse(plan.doc) as PlanResult).kpis?.totalCost ?? null;
          this.db
            .prepare(
              `UPDATE jobs SET status = 'done', progress = 1, plan_id = ?, best_cost = ?, error = NULL, updated_at = ?
               WHERE id = ?`,
            )
            .run(plan.id, cost, now, row.id);
          out.completed++;
          continue;
        }
        // A graceful drain (REQUEUED_MARK) stopped the job on purpose: that is no crash.
        const attempts = row.status === 'running' && row.error !== REQUEUED_MARK ? row.attempts + 1 : row.attempts;
        if (attempts >= maxAttempts) {
          this.db
            .prepare(`UPDATE jobs SET status = 'failed', attempts = ?, error = ?, updated_at = ? WHERE id = ?`)
            .run(attempts, interruptedMessage(attempts), now, row.id);
          out.failed++;
          continue;
        }
        this.db
          .prepare(
            `UPDATE jobs SET status = 'queued', progress = 0, attempts = ?, error = NULL, updated_at = ? WHERE id = ?`,
          )
          .run(attempts, now, row.id);
        out.requeue.push(row.id);
      }
      return out;
    })();
  }

  failInterruptedJobs(): number {
    return this.db
      .prepare(
        `UPDATE jobs SET status = 'failed', error = 'server restarted', updated_at = ?
         WHERE status IN ('queued', 'running') AND NOT (status = 'queued' AND error IS ? )`,
      )
      .run(new Date().toISOString(), REQUEUED_MARK).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private requireScenario(id: string): void {
    if (!this.db.prepare('SELECT 1 FROM scenarios WHERE id = ?').get(id)) throw new Error(`unknown scenario "${id}"`);
  }
}

function jobFromRow(r: JobRow): JobRecord {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    kind: r.kind,
    params: JSON.parse(r.params) as unknown,
    status: r.status,
    progress: r.progress,
    bestCost: r.best_cost,
    planId: r.plan_id,
    result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by ?? null,
    attempts: r.attempts ?? 0,
  };
}

/**
 * Open (creating if needed) the store `<dir>/gongpei.sqlite`; dir defaults to $GONGPEI_DATA_DIR, then ./var.
 * Start-up problems name the path and the fix (data dir is a file, read-only, not a database, corrupt).
 */
export function openStore(dir?: string): SqliteStore {
  const dataDir = resolveDataDir(dir);
  const file = join(dataDir, STORE_FILE);
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    throw new Error(
      `data directory ${dataDir} is a file, not a folder: point --data-dir (or GONGPEI_DATA_DIR) at a folder, or move the file away`,
    );
  }
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(
      `cannot create data directory ${dataDir} (${code}): create it with write permission or choose another with --data-dir / GONGPEI_DATA_DIR`,
    );
  }
  try {
    return new SqliteStore(file);
  } catch (err) {
    throw new Error(storeOpenMessage(file, err));
  }
}

function storeOpenMessage(file: string, err: unknown): string {
  const code = String((err as { code?: string }).code ?? '');
  const text = err instanceof Error ? err.message : String(err);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return `${file} is not a valid gongpei store (${code}): restore a backup with "gongpei restore FILE", or move the file aside to start empty`;
  }
  if (
    code.startsWith('SQLITE_READONLY') ||
    code === 'SQLITE_CANTOPEN' ||
    code === 'SQLITE_PERM' ||
    code === 'SQLITE_AUTH'
  ) {
    return `cannot write the store ${file} (${code}): make the file and its folder writable (for the WAL files) or choose another --data-dir`;
  }
  return `cannot open the store ${file}: ${text}`;
}

/**
 * Restore the store from a backup file: the file must pass PRAGMA integrity_check and hold a gongpei schema
 * (scenarios table), else nothing changes. The current store is replaced atomically (rename) and its WAL
 * files removed. Do it while no server uses the store.
 */
export function restoreStore(backupFile: string, dir?: string): { file: string; scenarios: number } {
  if (!existsSync(backupFile)) throw new Error(`${backupFile}: no such file`);
  let scenarios = 0;
  let check: Database.Database | null = null;
  try {
    check = new Database(backupFile, { readonly: true, fileMustExist: true });
    const result = check.pragma('integrity_check') as Array<{ integrity_check: string }>;
    if (result.length !== 1 || result[0].integrity_check !== 'ok') {
      throw new Error(
        `integrity check failed: ${result
          .slice(0, 3)
          .map((r) => r.integrity_check)
          .join('; ')}`,
      );
    }
    const hasScenarios = check.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'scenarios'`).get();
    if (!hasScenarios) throw new Error('not a gongpei store (no scenarios table)');
    scenarios = (check.prepare('SELECT COUNT(*) AS n FROM scenarios').get() as { n: number }).n;
  } catch (err) {
    const code = String((err as { code?: string }).code ?? '');
    const why =
      code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')
        ? `not a valid SQLite database (${code})`
        : (err as Error).message;
    throw new Error(`${backupFile}: refused, ${why}; the store was not changed`);
  } finally {
    check?.close();
  }
  const dataDir = resolveDataDir(dir);
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, STORE_FILE);
  const temp = `${target}.restore-${process.pid}`;
  copyFileSync(backupFile, temp);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(temp, target);
  return { file: target, scenarios };
}
