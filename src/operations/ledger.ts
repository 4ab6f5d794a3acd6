/**
 * The delivery ledger (配送记录台账): one row per date × station × carrier from the frozen dispatches and the
 * latest actual of each stop. dispatched = delivered + failed + pending holds on every row by construction of
 * the actuals check (delivered + failed = dispatched per entry).
 */
import { loadExcel } from './lazy.ts';
import type { Scenario } from '../model/types.ts';
import type { OperationsStore } from '../store/operations.ts';
import { parseClock } from '../util/time.ts';
import { effectiveActuals } from './carry.ts';
import { t, type Lang } from './i18n.ts';
import { namesOf } from './sheets.ts';
import { safeCell } from '../io/csv.ts';
import type { Ledger, LedgerRow, LedgerTotals } from './types.ts';

/** A stop reached up to this many minutes after its planned arrival counts as on time. */
export const ON_TIME_TOLERANCE_MINUTES = 30;

/** The ledger of a period; with `carrierId`, only that carrier's rows and totals (a carrier-scoped reader). */
export function buildLedger(
  ops: OperationsStore,
  scenarioId: string,
  from: string,
  to: string,
  carrierId: string | null = null,
): Ledger {
  const rows = new Map<string, LedgerRow>();
  const delays: number[] = [];
  for (const d of ops.listDispatches(scenarioId, from, to)) {
    const actual = effectiveActuals(ops.actuals(d.id));
    const perVehicle = new Map<string, { down: number; up: number; carried: number; arrival: string }>();
    for (const l of d.lines) {
      if (carrierId !== null && l.carrierId !== carrierId) continue;
      const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
      const cur = perVehicle.get(k) ?? { down: 0, up: 0, carried: 0, arrival: l.arrival };
      perVehicle.set(k, {
        down: cur.down + l.parcelsDown,
        up: cur.up + l.parcelsUp,
        carried: cur.carried + l.carriedOver,
        arrival: cur.arrival < l.arrival ? cur.arrival : l.arrival,
      });
    }
    for (const [k, p] of perVehicle) {
      const [, stationId, carrierId] = k.split('|') as [string, string, string];
      const key = `${d.date}|${stationId}|${carrierId}`;
      const row = rows.get(key) ?? {
        date: d.date,
        stationId,
        carrierId,
        dispatched: 0,
        delivered: 0,
        failed: 0,
        carriedOver: 0,
        pickedUp: 0,
        onTime: 0,
        pending: 0,
        plannedArrival: p.arrival,
        actualArrival: '',
      };
      row.dispatched += p.down;
      row.carriedOver += p.carried;
      const a = actual.get(k);
      if (!a) row.pending += p.down;
      else {
        row.delivered += a.delivered;
        row.failed += a.failed;
        row.pickedUp += a.pickedUp;
        if (a.arrival) {
          row.actualArrival = row.actualArrival && row.actualArrival < a.arrival ? row.actualArrival : a.arrival;
          const delay = (parseClock(a.arrival) - parseClock(p.arrival)) / 60;
          delays.push(delay);
          if (delay <= ON_TIME_TOLERANCE_MINUTES) row.onTime += a.delivered;
        }
      }
      rows.set(key, row);
    }
  }
  const list = [...rows.values()].sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.stationId.localeCompare(b.stationId) || a.carrierId.localeCompare(b.carrierId),
  );
  return { scenarioId, from, to, rows: list, totals: totalsOf(list, delays) };
}

export function totalsOf(rows: LedgerRow[], delays: number[] = []): LedgerTotals {
  const sum = (f: (r: LedgerRow) => number) => rows.reduce((s, r) => s + f(r), 0);
  const dispatched = sum((r) => r.dispatched);
  const delivered = sum((r) => r.delivered);
  const failed = sum((r) => r.failed);
  const onTime = sum((r) => r.onTime);
  const recorded = delivered + failed;
  return {
    dispatched,
    delivered,
    failed,
    carriedOver: sum((r) => r.carriedOver),
    pickedUp: sum((r) => r.pickedUp),
    onTime,
    pending: sum((r) => r.pending),
    deliveredShare: recorded > 0 ? round(delivered / recorded) : 0,
    onTimeShare: delivered > 0 ? round(onTime / delivered) : 0,
    meanArrivalDelayMinutes: delays.length > 0 ? round(delays.reduce((s, x) => s + x, 0) / delays.length, 1) : null,
  };
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export const LEDGER_COLUMNS: Array<keyof LedgerRow> = [
  'date',
  'stationId',
  'carrierId',
  'dispatched',
  'delivered',
  'failed',
  'carriedOver',
  'pickedUp',
  'onTime',
  'pending',
  'plannedArrival',
  'actualArrival',
];

export async function ledgerXlsx(scenario: Scenario, ledger: Ledger, lang: Lang = 'zh'): Promise<Buffer> {
  const n = namesOf(scenario);
  const book = new (await loadExcel()).Workbook();
  const ws = book.addWorksheet(t(lang, 'ledger'));
  ws.addRow([
    t(lang, 'date'),
    t(lang, 'stationId'),
    t(lang, 'station'),
    t(lang, 'township'),
    t(lang, 'carrier'),
    t(lang, 'dispatched'),
    t(lang, 'delivered'),
    t(lang, 'failed'),
    t(lang, 'carriedOver'),
    t(lang, 'pickedUp'),
    t(lang, 'onTime'),
    t(lang, 'pending'),
    t(lang, 'arrival'),
    t(lang, 'actualArrival'),
  ]);
  for (const r of ledger.rows) {
    ws.addRow([
      r.date,
      safeCell(r.stationId),
      safeCell(n.place(r.stationId)),
      safeCell(n.township(r.stationId)),
      safeCell(n.carrier(r.carrierId)),
      r.dispatched,
      r.delivered,
      r.failed,
      r.carriedOver,
      r.pickedUp,
      r.onTime,
      r.pending,
      r.plannedArrival,
      r.actualArrival,
    ]);
  }
  const tt = ledger.totals;
  ws.addRow([
    t(lang, 'total'),
    '',
    '',
    '',
    '',
    tt.dispatched,
    tt.delivered,
    tt.failed,
    tt.carriedOver,
    tt.pickedUp,
    tt.onTime,
    tt.pending,
  ]);
  return Buffer.from(await book.xlsx.writeBuffer());
}
