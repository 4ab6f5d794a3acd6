/**
 * Actuals of a dispatch: what each vehicle delivered, failed (with a reason) and picked up at each stop, per
 * carrier. From a file (CSV/XLSX: vehicle, station_id, carrier_id, delivered, failed, fail_reason, picked_up,
 * arrival) or from the driver page (entries with client-generated ids). Every entry is checked against the
 * frozen dispatch before anything is stored; an entry id already stored is ignored, so resending is safe.
 */
import { createHash } from 'node:crypto';
import { parseNumberCell } from '../model/schemas.ts';
import type { FieldIssue } from '../model/types.ts';
import type { OperationsStore } from '../store/operations.ts';
import type { ActualEntry, Dispatch } from './types.ts';
import { InputError, readTableFile } from './table-file.ts';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const COLUMNS = [
  'vehicle',
  'station_id',
  'carrier_id',
  'delivered',
  'failed',
  'fail_reason',
  'picked_up',
  'arrival',
] as const;
/** More pick-ups than this at one stop is refused as a typo. */
export const MAX_PICKUPS = 5000;

/** Planned parcels per vehicle × station × carrier of a dispatch. */
function plannedLines(d: Dispatch): Map<string, { down: number; up: number }> {
  const out = new Map<string, { down: number; up: number }>();
  for (const l of d.lines) {
    const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
    const cur = out.get(k) ?? { down: 0, up: 0 };
    out.set(k, { down: cur.down + l.parcelsDown, up: cur.up + l.parcelsUp });
  }
  return out;
}

/** Checks entries against the dispatch; `where(i)` says how to name entry i in an error (file and row, or entry id). */
export function checkEntries(
  d: Dispatch,
  entries: Array<Partial<Record<keyof ActualEntry, unknown>>>,
  where: (i: number) => { file: string; row: number | null },
): ActualEntry[] {
  const planned = plannedLines(d);
  const vehicles = new Set(d.lines.map((l) => l.vehicle));
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const out: ActualEntry[] = [];
  entries.forEach((e, i) => {
    const at = (field: string, message: string) => issues.push({ ...where(i), field, message });
    const text = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());
    const vehicle = text(e.vehicle);
    const stationId = text(e.stationId);
    const carrierId = text(e.carrierId);
    const count = (field: string, v: unknown): number => {
      const s = text(v);
      const n = s === '' ? 0 : (parseNumberCell(s) ?? NaN);
      if (!Number.isFinite(n)) at(field, `"${s}" is not a number`);
      else if (n < 0) at(field, `must not be negative (${s})`);
      else if (!Number.isInteger(n)) at(field, `parcels are whole numbers (${s})`);
      else return n;
      return NaN;
    };
    const delivered = count('delivered', e.delivered);
    const failed = count('failed', e.failed);
    const pickedUp = count('picked_up', e.pickedUp);
    const failReason = text(e.failReason);
    const arrival = text(e.arrival);
    if (!vehicles.has(vehicle)) {
      at(
        'vehicle',
        `vehicle "${vehicle}" is not in dispatch ${d.id}; vehicles: ${[...vehicles].slice(0, 10).join(', ')}`,
      );
      return;
    }
    const key = `${vehicle}|${stationId}|${carrierId}`;
    const plan = planned.get(key);
    if (!plan) {
      const onVehicle = d.lines.filter((l) => l.vehicle === vehicle && l.stationId === stationId);
      if (onVehicle.length === 0) at('station_id', `station "${stationId}" is not on the route of ${vehicle}`);
      else
        at(
          'carrier_id',
          `carrier "${carrierId}" has no parcels for ${stationId} on ${vehicle}; carriers there: ${onVehicle.map((l) => l.carrierId).join(', ')}`,
        );
      return;
    }
    const first = seen.get(key);
    if (first !== undefined)
      at('station_id', `duplicate entry for ${stationId} / ${carrierId} on ${vehicle} (also at ${first})`);
    seen.set(key, where(i).row ?? i + 1);
    if (Number.isFinite(delivered) && Number.isFinite(failed) && delivered + failed !== plan.down) {
      at('delivered', `delivered ${delivered} + failed ${failed} must equal the ${plan.down} parcels dispatched`);
    }
    if (failed > 0 && failReason === '') at('fail_reason', 'a failed delivery needs a reason');
    if (pickedUp > MAX_PICKUPS)
      at('picked_up', `${pickedUp} pick-ups at one stop is implausible (limit ${MAX_PICKUPS})`);
    // Exact rule: a vehicle picks up at most what its dispatch planned there for the carrier (no tolerance). An
    // unplanned pick-up would enter the ledger and the report's cost per parcel with no plan behind it.
    else if (pickedUp > plan.up)
      at(
        'picked_up',
        `picked up ${pickedUp} but ${plan.up} pick-ups were dispatched for ${stationId} / ${carrierId} on ${vehicle}; at most what was planned`,
      );
    if (arrival !== '' && !CLOCK.test(arrival)) at('arrival', `"${arrival}" is not a clock time HH:MM`);
    const entryId = text(e.entryId);
    out.push({ entryId, vehicle, stationId, carrierId, delivered, failed, failReason, pickedUp, arrival });
  });
  if (issues.length > 0) throw new InputError(issues);
  return out;
}

export async function importActualsFile(
  ops: OperationsStore,
  dispatchId: string,
  fileName: string,
  bytes: Uint8Array,
): Promise<{
  dispatchId: string;
  entries: number;
  added: number;
  delivered: number;
  failed: number;
  pickedUp: number;
}> {
  const d = ops.getDispatch(dispatchId);
  if (!d)
    throw new InputError([{ file: 'dispatchId', row: null, field: null, message: `unknown dispatch "${dispatchId}"` }]);
  const table = await readTableFile(fileName, bytes);
  const missing = COLUMNS.filter(
    (c) => !table.header.includes(c) && c !== 'fail_reason' && c !== 'arrival' && c !== 'picked_up',
  );
  if (missing.length > 0)
    throw new InputError(missing.map((c) => ({ file: fileName, row: 1, field: c, message: `missing column "${c}"` })));
  if (table.records.length === 0)
    throw new InputError([{ file: fileName, row: 2, field: null, message: 'the file has no rows' }]);
  const raw = table.records.map((r) => ({
    vehicle: r.cells.vehicle,
    stationId: r.cells.station_id,
    carrierId: r.cells.carrier_id,
    delivered: r.cells.delivered,
    failed: r.cells.failed,
    failReason: r.cells.fail_reason,
    pickedUp: r.cells.picked_up,
    arrival: r.cells.arrival,
    // Same file content → same entry ids: importing a file twice stores it once.
    entryId: `file-${createHash('sha256')
      .update(`${dispatchId}\n${JSON.stringify(r.cells)}`)
      .digest('hex')
      .slice(0, 24)}`,
  }));
  const entries = checkEntries(d, raw, (i) => ({ file: fileName, row: table.records[i].line }));
  const added = ops.saveActuals(dispatchId, entries, fileName);
  return { dispatchId, entries: entries.length, added, ...sums(entries) };
}

/** Entries from the driver page: each needs its own client-generated id. */
export function recordDriverEntries(
  ops: OperationsStore,
  dispatchId: string,
  body: unknown,
): { added: number; entries: number } {
  const d = ops.getDispatch(dispatchId);
  if (!d)
    throw new InputError([{ file: 'dispatchId', row: null, field: null, message: `unknown dispatch "${dispatchId}"` }]);
  const list = (body as { entries?: unknown })?.entries;
  if (!Array.isArray(list) || list.length === 0 || list.length > 500)
    throw new InputError([
      { file: 'entries', row: null, field: null, message: 'expected { entries: [...] } with 1–500 entries' },
    ]);
  const issues: FieldIssue[] = [];
  list.forEach((e, i) => {
    const id = (e as { entryId?: unknown })?.entryId;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(id))
      issues.push({
        file: 'entries',
        row: i,
        field: 'entryId',
        message: 'a client-generated id of 8–64 letters, digits, "-" or "_" is required',
      });
  });
  if (issues.length > 0) throw new InputError(issues);
  // A driver may correct a stop later: entries are checked one by one (the duplicate rule is for files).
  const entries = list.flatMap((e, i) =>
    checkEntries(d, [e as Record<string, unknown>], () => ({ file: 'entries', row: i })),
  );
  return { added: ops.saveActuals(dispatchId, entries, 'driver'), entries: entries.length };
}

function sums(entries: ActualEntry[]): { delivered: number; failed: number; pickedUp: number } {
  return {
    delivered: entries.reduce((s, e) => s + e.delivered, 0),
    failed: entries.reduce((s, e) => s + e.failed, 0),
    pickedUp: entries.reduce((s, e) => s + e.pickedUp, 0),
  };
}
