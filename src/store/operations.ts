/**
 * Queries of the operations tables (schema in ./operations-schema.ts) over the SQLite handle of the store.
 * Every write that belongs together runs in one transaction: a refused import changes nothing.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Store } from './types.ts';
import type { ActualEntry, DatePlanBasis, Dispatch, Manifest, ManifestRow } from '../operations/types.ts';

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export class OperationsConflict extends Error {}

export interface StoredActual extends ActualEntry {
  dispatchId: string;
  seq: number;
  source: string;
  createdAt: string;
}

export class OperationsStore {
  constructor(private readonly db: Database.Database) {}

  static of(store: Store): OperationsStore {
    const handle = (store as unknown as { handle?: Database.Database }).handle;
    if (!handle) throw new Error('daily operations need the SQLite store');
    return new OperationsStore(handle);
  }

  // ------------------------------------------------------------------------------------ manifests

  activeManifest(scenarioId: string, date: string, carrierId: string): Manifest | null {
    const row = this.db
      .prepare(
        'SELECT * FROM op_manifests WHERE scenario_id = ? AND date = ? AND carrier_id = ? AND superseded_by IS NULL',
      )
      .get(scenarioId, date, carrierId) as ManifestDbRow | undefined;
    return row ? manifestFromRow(row) : null;
  }

  /**
   * Refuses a manifest for a date on or before a dispatched date: dispatches are final and dates go in order, so
   * its parcels would be in no plan, no carry-over and no ledger row.
   */
  checkManifestDate(scenarioId: string, date: string): void {
    const row = this.db
      .prepare('SELECT id, date FROM op_dispatches WHERE scenario_id = ? AND date >= ? ORDER BY date LIMIT 1')
      .get(scenarioId, date) as { id: string; date: string } | undefined;
    if (!row) return;
    throw new OperationsConflict(
      row.date === date
        ? `${date} is already dispatched (${row.id}); a manifest for it would never be planned: import it for a later date`
        : `${row.date} is already dispatched (${row.id}): a manifest for the earlier date ${date} would never be planned; import it for a date after ${row.date}`,
    );
  }

  /** Store a manifest; with replace the active one of that carrier and date is superseded, else a second is refused. */
  saveManifest(
    m: Omit<Manifest, 'id' | 'createdAt'>,
    replace: boolean,
  ): { manifest: Manifest; replaced: string | null } {
    return this.db
      .transaction(() => {
        this.checkManifestDate(m.scenarioId, m.date);
        const current = this.activeManifest(m.scenarioId, m.date, m.carrierId);
        if (current && !replace) {
          throw new OperationsConflict(
            `a manifest of carrier "${m.carrierId}" for ${m.date} is already imported (${current.id} from ${current.source}); use --replace to supersede it`,
          );
        }
        const manifest: Manifest = { ...m, id: newId('mf'), createdAt: new Date().toISOString() };
        if (current)
          this.db.prepare('UPDATE op_manifests SET superseded_by = ? WHERE id = ?').run(manifest.id, current.id);
        this.db
          .prepare(
            'INSERT INTO op_manifests (id, scenario_id, date, carrier_id, source, rows, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(manifest.id, m.scenarioId, m.date, m.carrierId, m.source, JSON.stringify(m.rows), manifest.createdAt);
        return { manifest, replaced: current?.id ?? null };
      })
      .immediate();
  }

  /** Active manifests of a scenario, optionally of one date, by date then carrier. */
  listManifests(scenarioId: string, date?: string): Manifest[] {
    const rows = (
      date
        ? this.db
            .prepare(
              'SELECT * FROM op_manifests WHERE scenario_id = ? AND date = ? AND superseded_by IS NULL ORDER BY date, carrier_id',
            )
            .all(scenarioId, date)
        : this.db
            .prepare(
              'SELECT * FROM op_manifests WHERE scenario_id = ? AND superseded_by IS NULL ORDER BY date, carrier_id',
            )
            .all(scenarioId)
    ) as ManifestDbRow[];
    return rows.map(manifestFromRow);
  }

  // ------------------------------------------------------------------------------------ date plans

  saveDatePlanBasis(planId: string, scenarioId: string, basis: DatePlanBasis): void {
    this.db
      .prepare('INSERT INTO op_date_plans (plan_id, scenario_id, date, doc) VALUES (?, ?, ?, ?)')
      .run(planId, scenarioId, basis.date, JSON.stringify(basis));
  }

  datePlanBasis(planId: string): DatePlanBasis | null {
    const row = this.db.prepare('SELECT doc FROM op_date_plans WHERE plan_id = ?').get(planId) as
      { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as DatePlanBasis) : null;
  }

  listDatePlans(scenarioId: string): Array<{ planId: string; date: string; createdAt: string }> {
    return this.db
      .prepare(
        'SELECT d.plan_id AS planId, d.date AS date, p.created_at AS createdAt FROM op_date_plans d JOIN plans p ON p.id = d.plan_id WHERE d.scenario_id = ? ORDER BY d.date DESC, p.created_at DESC',
      )
      .all(scenarioId) as Array<{ planId: string; date: string; createdAt: string }>;
  }

  // ------------------------------------------------------------------------------------ dispatches

  /** Refuses a dispatch of a date that is dispatched, or that lies before a dispatched date (dates go in order). */
  checkDispatchable(scenarioId: string, date: string): void {
    const existing = this.dispatchOfDate(scenarioId, date);
    if (existing)
      throw new OperationsConflict(
        `${date} is already dispatched (${existing.id} of plan ${existing.planId}); a dispatch is final`,
      );
    // Carry-over runs forward through dispatches: a date before a dispatched one can no longer be dispatched.
    const later = this.db
      .prepare('SELECT date FROM op_dispatches WHERE scenario_id = ? AND date > ? ORDER BY date LIMIT 1')
      .get(scenarioId, date) as { date: string } | undefined;
    if (later)
      throw new OperationsConflict(
        `${later.date} is already dispatched: dates are dispatched in order, so ${date} can no longer be`,
      );
  }

  /**
   * Freezes a dispatch (its id may be chosen beforehand, so its files can be built first). `beforeCommit` runs
   * inside the transaction after the insert: if it throws (files not written), nothing is stored.
   */
  saveDispatch(
    d: Omit<Dispatch, 'id' | 'createdAt'> & { id?: string; createdAt?: string },
    beforeCommit?: (dispatch: Dispatch) => void,
  ): Dispatch {
    const dispatch: Dispatch = { ...d, id: d.id ?? newId('dsp'), createdAt: d.createdAt ?? new Date().toISOString() };
    // Check and insert in one write transaction: two dispatches of a date racing get one 409, not a 500.
    return this.db
      .transaction(() => {
        this.checkDispatchable(d.scenarioId, d.date);
        this.db
          .prepare(
            'INSERT INTO op_dispatches (id, scenario_id, plan_id, date, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(dispatch.id, d.scenarioId, d.planId, d.date, dispatch.createdAt, JSON.stringify(dispatch));
        beforeCommit?.(dispatch);
        return dispatch;
      })
      .immediate();
  }

  /** The file list is the one thing written after freezing (files are written once the id is known). */
  setDispatchFiles(id: string, files: string[]): void {
    const d = this.getDispatch(id);
    if (!d) throw new Error(`unknown dispatch "${id}"`);
    this.db.prepare('UPDATE op_dispatches SET doc = ? WHERE id = ?').run(JSON.stringify({ ...d, files }), id);
  }

  getDispatch(id: string): Dispatch | null {
    const row = this.db.prepare('SELECT doc FROM op_dispatches WHERE id = ?').get(id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Dispatch) : null;
  }

  dispatchOfDate(scenarioId: string, date: string): Dispatch | null {
    const row = this.db
      .prepare('SELECT doc FROM op_dispatches WHERE scenario_id = ? AND date = ?')
      .get(scenarioId, date) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Dispatch) : null;
  }

  /** Latest dispatch strictly before a date. */
  dispatchBefore(scenarioId: string, date: string): Dispatch | null {
    const row = this.db
      .prepare('SELECT doc FROM op_dispatches WHERE scenario_id = ? AND date < ? ORDER BY date DESC LIMIT 1')
      .get(scenarioId, date) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Dispatch) : null;
  }

  listDispatches(scenarioId: string, from = '0000-00-00', to = '9999-99-99'): Dispatch[] {
    const rows = this.db
      .prepare('SELECT doc FROM op_dispatches WHERE scenario_id = ? AND date >= ? AND date <= ? ORDER BY date')
      .all(scenarioId, from, to) as Array<{ doc: string }>;
    return rows.map((r) => JSON.parse(r.doc) as Dispatch);
  }

  // ------------------------------------------------------------------------------------ actuals

  /**
   * Store entries in one transaction; an entry id already stored with the same figures on this dispatch is
   * skipped (idempotent resend). An id stored on another dispatch, or with other figures, is refused (409) and
   * nothing is stored. Returns how many were new.
   */
  saveActuals(dispatchId: string, entries: ActualEntry[], source: string): number {
    return this.db
      .transaction(() => {
        const stored = this.db.prepare('SELECT * FROM op_actuals WHERE entry_id = ?');
        for (const e of entries) {
          const row = stored.get(e.entryId) as ActualDbRow | undefined;
          if (!row) continue;
          if (row.dispatch_id !== dispatchId)
            throw new OperationsConflict(
              `entry id "${e.entryId}" already belongs to dispatch ${row.dispatch_id}; give each entry a new id`,
            );
          const same =
            row.vehicle === e.vehicle &&
            row.station_id === e.stationId &&
            row.carrier_id === e.carrierId &&
            row.delivered === e.delivered &&
            row.failed === e.failed &&
            row.fail_reason === e.failReason &&
            row.picked_up === e.pickedUp &&
            row.arrival === e.arrival;
          if (!same)
            throw new OperationsConflict(
              `entry id "${e.entryId}" is already stored on dispatch ${dispatchId} with other figures; send a correction with a new id`,
            );
        }
        const next = (
          this.db
            .prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM op_actuals WHERE dispatch_id = ?')
            .get(dispatchId) as { m: number }
        ).m;
        const insert = this.db.prepare(
          `INSERT OR IGNORE INTO op_actuals (entry_id, dispatch_id, seq, vehicle, station_id, carrier_id, delivered, failed, fail_reason, picked_up, arrival, source, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const now = new Date().toISOString();
        let added = 0;
        for (const e of entries) {
          added += insert.run(
            e.entryId,
            dispatchId,
            next + added + 1,
            e.vehicle,
            e.stationId,
            e.carrierId,
            e.delivered,
            e.failed,
            e.failReason,
            e.pickedUp,
            e.arrival,
            source,
            now,
          ).changes;
        }
        return added;
      })
      .immediate();
  }

  /** Entries of a dispatch in the order they were first stored (a later entry for the same stop and carrier corrects an earlier one). */
  actuals(dispatchId: string): StoredActual[] {
    const rows = this.db
      .prepare('SELECT * FROM op_actuals WHERE dispatch_id = ? ORDER BY seq')
      .all(dispatchId) as ActualDbRow[];
    return rows.map((r) => ({
      entryId: r.entry_id,
      dispatchId: r.dispatch_id,
      seq: r.seq,
      vehicle: r.vehicle,
      stationId: r.station_id,
      carrierId: r.carrier_id,
      delivered: r.delivered,
      failed: r.failed,
      failReason: r.fail_reason,
      pickedUp: r.picked_up,
      arrival: r.arrival,
      source: r.source,
      createdAt: r.created_at,
    }));
  }

  // ------------------------------------------------------------------------------------ scorecards

  saveScorecard(scenarioId: string, asOf: string, period: string, doc: unknown): string {
    const id = newId('sc');
    this.db
      .prepare('INSERT INTO op_scorecards (id, scenario_id, as_of, period, created_at, doc) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, scenarioId, asOf, period, new Date().toISOString(), JSON.stringify(doc));
    return id;
  }

  listScorecards(
    scenarioId: string,
  ): Array<{ id: string; asOf: string; period: string; createdAt: string; doc: unknown }> {
    const rows = this.db
      .prepare('SELECT * FROM op_scorecards WHERE scenario_id = ? ORDER BY as_of, created_at')
      .all(scenarioId) as Array<{ id: string; as_of: string; period: string; created_at: string; doc: string }>;
    return rows.map((r) => ({
      id: r.id,
      asOf: r.as_of,
      period: r.period,
      createdAt: r.created_at,
      doc: JSON.parse(r.doc) as unknown,
    }));
  }

  /** Every operations row of a scenario, for tests that check a refused input changed nothing. */
  snapshot(scenarioId: string): string {
    const q = (sql: string) => this.db.prepare(sql).all(scenarioId);
    return JSON.stringify({
      manifests: q('SELECT * FROM op_manifests WHERE scenario_id = ? ORDER BY id'),
      datePlans: q('SELECT * FROM op_date_plans WHERE scenario_id = ? ORDER BY plan_id'),
      dispatches: q('SELECT * FROM op_dispatches WHERE scenario_id = ? ORDER BY id'),
      actuals: q(
        'SELECT a.* FROM op_actuals a JOIN op_dispatches d ON d.id = a.dispatch_id WHERE d.scenario_id = ? ORDER BY a.entry_id',
      ),
    });
  }
}

interface ManifestDbRow {
  id: string;
  scenario_id: string;
  date: string;
  carrier_id: string;
  source: string;
  rows: string;
  created_at: string;
}

interface ActualDbRow {
  entry_id: string;
  dispatch_id: string;
  seq: number;
  vehicle: string;
  station_id: string;
  carrier_id: string;
  delivered: number;
  failed: number;
  fail_reason: string;
  picked_up: number;
  arrival: string;
  source: string;
  created_at: string;
}

function manifestFromRow(r: ManifestDbRow): Manifest {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    date: r.date,
    carrierId: r.carrier_id,
    source: r.source,
    createdAt: r.created_at,
    rows: JSON.parse(r.rows) as ManifestRow[],
  };
}
