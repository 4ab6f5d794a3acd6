/**
 * Freezing a date plan into a dispatch: every delivery stop split per carrier as the planner gives it
 * (`stop.byCarrier`, `stop.cold`), with carried-over parcels marked, plus the parcels left off the routes (they
 * carry over).
 */
import type { Scenario } from '../model/types.ts';
import type { PlanResult, PlanRoute } from '../planning/types.ts';
import { addDays, InputError, requireDate } from './table-file.ts';
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

/** Which day of a horizon plan to dispatch, and for which calendar date. */
export interface DispatchPick {
  day?: number;
  date?: string;
}

/**
 * The routes and basis of day K of a horizon plan (demand.csv days): the parcels are what its routes carry, per
 * stop and carrier; the date is the plan's date + K − 1, or the one given.
 */
export function horizonDayBasis(plan: PlanResult & { date?: string }, planId: string, pick: DispatchPick): { routes: PlanRoute[]; basis: DatePlanBasis; day: number } {
  const day = pick.day!;
  const perDay = plan.horizon?.perDay;
  if (!perDay) throw new InputError([{ file: '--day', row: null, field: null, message: `plan ${planId} is not a horizon plan: --day needs a plan made with --horizon N` }]);
  if (!Number.isInteger(day) || day < 1 || day > plan.horizon!.days) throw new InputError([{ file: '--day', row: null, field: null, message: `day ${day} lies outside the plan's horizon of ${plan.horizon!.days} days` }]);
  const date = pick.date ?? (plan.date ? addDays(plan.date, day - 1) : undefined);
  if (!date) throw new InputError([{ file: '--date', row: null, field: null, message: `plan ${planId} has no date: give the calendar date of day ${day} with --date YYYY-MM-DD` }]);
  requireDate(date, '--date');
  const routes = perDay.find((d) => d.day === day)?.routes ?? [];
  const rows: DatePlanBasis['rows'] = [];
  for (const r of routes) {
    if (r.kind !== 'delivery') continue;
    for (const s of r.stops) {
      for (const [carrierId, v] of Object.entries(s.byCarrier)) {
        const kgDown = s.parcelsDown > 0 ? (s.kgDown * v.down) / s.parcelsDown : 0;
        const kgUp = s.parcelsUp > 0 ? (s.kgUp * v.up) / s.parcelsUp : 0;
        rows.push({ stationId: s.stationId, carrierId, parcelsDown: v.down, kgDown, parcelsUp: v.up, kgUp, cold: s.cold, upZone: '' });
      }
    }
  }
  return { routes, basis: { date, rows, carried: [], deferred: [] }, day };
}

/**
 * Freezes a stored plan as the dispatch of its date (one per date; refused when the date is dispatched): a plan of a
 * calendar date, or with `pick.day` one day of a horizon plan.
 */
export function freezeDispatch(_scenario: Scenario, ops: OperationsStore, stored: { id: string; scenarioId: string; plan: PlanResult }, pick: DispatchPick = {}): Dispatch {
  if (pick.day !== undefined) {
    const { routes, basis, day } = horizonDayBasis(stored.plan, stored.id, pick);
    const { lines, notDispatched, kgPerParcel } = dispatchLines(routes, basis);
    return ops.saveDispatch({ scenarioId: stored.scenarioId, planId: stored.id, day, date: basis.date, lines, notDispatched, kgPerParcel, files: [] });
  }
  const basis = ops.datePlanBasis(stored.id);
  if (!basis) throw new Error(`plan ${stored.id} is not a plan of a calendar date: plan one with "gongpei plan ${stored.scenarioId} --date YYYY-MM-DD", or dispatch a day of a horizon plan with --day K`);
  const { lines, notDispatched, kgPerParcel } = dispatchLines(stored.plan.routes, basis);
  return ops.saveDispatch({ scenarioId: stored.scenarioId, planId: stored.id, date: basis.date, lines, notDispatched, kgPerParcel, files: [] });
}
