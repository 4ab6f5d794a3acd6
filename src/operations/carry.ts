/**
 * What carries over from one dispatched date to the next: failed deliveries and pick-ups not collected (from the
 * actuals), parcels the plan could not route, and parcels of N-day stations waiting for their visit date. Read back from the frozen
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

/** Parcels that move from a dispatch to the next planned date: failed deliveries and pick-ups not collected. */
export function carriedFrom(dispatch: Dispatch, ops: OperationsStore): CarriedLine[] {
  const out: CarriedLine[] = dispatch.notDispatched.map((l) => ({ ...l }));
  // Cold and pick-ups of each vehicle × station × carrier, as dispatched.
  const sent = new Map<string, { up: number; cold: boolean }>();
  for (const l of dispatch.lines) {
    const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
    const cur = sent.get(k) ?? { up: 0, cold: false };
    sent.set(k, { up: cur.up + l.parcelsUp, cold: cur.cold || l.cold });
  }
  for (const [key, e] of effectiveActuals(ops.actuals(dispatch.id))) {
    const info = sent.get(key);
    const sc = `${e.stationId}|${e.carrierId}`;
    if (e.failed > 0) {
      out.push({
        stationId: e.stationId,
        carrierId: e.carrierId,
        parcels: e.failed,
        kg: e.failed * (dispatch.kgPerParcel?.[sc] ?? 1),
        cold: info?.cold ?? false,
        fromDate: dispatch.date,
        reason: 'failed',
      });
    }
    // Produce the vehicle was to collect but did not (fewer picked up than dispatched) is collected next time.
    const missed = (info?.up ?? 0) - e.pickedUp;
    if (missed > 0) {
      const up = dispatch.pickUps?.[sc];
      out.push({
        stationId: e.stationId,
        carrierId: e.carrierId,
        parcels: 0,
        kg: 0,
        cold: false,
        fromDate: dispatch.date,
        reason: 'failed_pickup',
        parcelsUp: missed,
        kgUp: missed * (up?.kgPerParcel ?? 1),
        upZone: up?.upZone ?? '',
      });
    }
  }
  return out;
}
