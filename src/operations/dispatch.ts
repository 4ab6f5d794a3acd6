/**
 * Freezing a date plan into a dispatch: every delivery stop split per carrier as the planner gives it
 * (`stop.byCarrier`, `stop.cold`), with carried-over parcels marked, plus the parcels left off the routes (they
 * carry over).
 */
import type { Scenario } from '../model/types.ts';
import type { PlanRoute } from '../planning/types.ts';
import type { OperationsStore } from '../store/operations.ts';
import type { CarriedLine, DatePlanBasis, Dispatch, DispatchLine } from './types.ts';

export function dispatchLines(routes: PlanRoute[], basis: DatePlanBasis): { lines: DispatchLine[]; notDispatched: CarriedLine[]; kgPerParcel: Record<string, number> } {
  // Parcels due per station × carrier (cold kept for what is left over) and their weight.
  const due = new Map<string, { stationId: string; carrierId: string; down: number; cold: boolean }>();
  const kg = new Map<string, { kg: number; parcels: number }>();
  for (const r of basis.rows) {
    const k = `${r.stationId}|${r.carrierId}`;
    const cur = due.get(k) ?? { stationId: r.stationId, carrierId: r.carrierId, down: 0, cold: false };
    due.set(k, { ...cur, down: cur.down + r.parcelsDown, cold: cur.cold || r.cold });
    const w = kg.get(k) ?? { kg: 0, parcels: 0 };
    kg.set(k, { kg: w.kg + r.kgDown, parcels: w.parcels + r.parcelsDown });
  }
  const carriedLeft = new Map<string, number>();
  for (const c of basis.carried) carriedLeft.set(`${c.stationId}|${c.carrierId}`, (carriedLeft.get(`${c.stationId}|${c.carrierId}`) ?? 0) + c.parcels);

  const lines: DispatchLine[] = [];
  const sent = new Map<string, number>();
  for (const route of routes) {
    if (route.kind !== 'delivery') continue;
    route.stops.forEach((s, i) => {
      for (const [carrierId, part] of Object.entries(s.byCarrier)) {
        if (part.down === 0 && part.up === 0) continue;
        const key = `${s.stationId}|${carrierId}`;
        const carried = Math.min(carriedLeft.get(key) ?? 0, part.down);
        carriedLeft.set(key, (carriedLeft.get(key) ?? 0) - carried);
        sent.set(key, (sent.get(key) ?? 0) + part.down);
        lines.push({ vehicle: route.vehicle, trip: route.trip ?? 1, depot: route.depot, seq: i + 1, stationId: s.stationId, carrierId, parcelsDown: part.down, parcelsUp: part.up, carriedOver: carried, cold: s.cold, arrival: s.arrival });
      }
    });
  }
  // What the routes do not carry (unassigned stations) waits for the next date.
  const notDispatched: CarriedLine[] = [...basis.deferred];
  for (const [k, d] of due) {
    const left = d.down - (sent.get(k) ?? 0);
    if (left > 0) notDispatched.push(leftLine(d.stationId, d.carrierId, left, d.cold, basis.date, kg));
  }
  const kgPerParcel: Record<string, number> = {};
  for (const [k, v] of kg) kgPerParcel[k] = v.parcels > 0 ? Math.round((v.kg / v.parcels) * 1000) / 1000 : 0;
  return { lines, notDispatched, kgPerParcel };
}

function leftLine(stationId: string, carrierId: string, parcels: number, cold: boolean, date: string, kg: Map<string, { kg: number; parcels: number }>): CarriedLine {
  const k = kg.get(`${stationId}|${carrierId}`);
  return { stationId, carrierId, parcels, kg: k && k.parcels > 0 ? (k.kg / k.parcels) * parcels : 0, cold, fromDate: date, reason: 'unassigned' };
}

/** Freezes a stored date plan as the dispatch of its date (one per date; refused when the date is dispatched). */
export function freezeDispatch(_scenario: Scenario, ops: OperationsStore, stored: { id: string; scenarioId: string; plan: { routes: PlanRoute[] } }): Dispatch {
  const basis = ops.datePlanBasis(stored.id);
  if (!basis) throw new Error(`plan ${stored.id} is not a plan of a calendar date: plan one with "gongpei plan ${stored.scenarioId} --date YYYY-MM-DD"`);
  const { lines, notDispatched, kgPerParcel } = dispatchLines(stored.plan.routes, basis);
  return ops.saveDispatch({ scenarioId: stored.scenarioId, planId: stored.id, date: basis.date, lines, notDispatched, kgPerParcel, files: [] });
}
