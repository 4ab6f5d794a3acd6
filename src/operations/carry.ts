/**
 * What carries over from one dispatched date to the next: failed deliveries (from the actuals), parcels the
 * plan could not route, and parcels of N-day stations waiting for their visit date. Read back from the frozen
 * dispatch and its actuals, so a re-plan of a date always sees the same carry-over.
 */
import type { OperationsStore, StoredActual } from '../store/operations.ts';
import type { CarriedLine, Dispatch } from './types.ts';

/** Latest entry per vehicle × station × carrier: a later entry corrects an earlier one. */
export function effectiveActuals(entries: StoredActual[]): Map<string, StoredActual> {
  const out = new Map<string, StoredActual>();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) out.set(`${e.vehicle}|${e.stationId}|${e.carrierId}`, e);
  return out;
}

/** Parcels that move from a dispatch to the next planned date. */
export function carriedFrom(dispatch: Dispatch, ops: OperationsStore): CarriedLine[] {
  const out: CarriedLine[] = dispatch.notDispatched.map((l) => ({ ...l }));
  // kg and cold of the failed parcels follow the station × carrier lines they came from.
  const kgPerParcel = new Map<string, { parcels: number; cold: boolean }>();
  for (const l of dispatch.lines) {
    const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
    const cur = kgPerParcel.get(k) ?? { parcels: 0, cold: false };
    kgPerParcel.set(k, { parcels: cur.parcels + l.parcelsDown, cold: cur.cold || l.cold });
  }
  for (const [key, e] of effectiveActuals(ops.actuals(dispatch.id))) {
    if (e.failed <= 0) continue;
    const info = kgPerParcel.get(key);
    out.push({ stationId: e.stationId, carrierId: e.carrierId, parcels: e.failed, kg: e.failed * (dispatch.kgPerParcel?.[`${e.stationId}|${e.carrierId}`] ?? 1), cold: info?.cold ?? false, fromDate: dispatch.date, reason: 'failed' });
  }
  return out;
}
