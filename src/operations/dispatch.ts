/**
 * Freezing a date plan into a dispatch: every delivery stop split per carrier (what each carrier hands to
 * which vehicle), with carried-over parcels marked, plus the parcels left off the routes (they carry over).
 * The split reads `stop.byCarrier` / `stop.cold` where the planner gives them; else it is derived from the
 * date's demand rows: a station's parcels of each carrier fill its stops in route order, cold rows first on a
 * cold vehicle.
 */
import type { Scenario } from '../model/types.ts';
import type { PlanRoute, PlanStop } from '../planning/types.ts';
import type { OperationsStore } from '../store/operations.ts';
import type { CarriedLine, DatePlanBasis, Dispatch, DispatchLine } from './types.ts';

type StopDetail = PlanStop & { byCarrier?: Record<string, { down: number; up: number }>; cold?: boolean };

interface Pool {
  carrierId: string;
  cold: boolean;
  down: number;
  up: number;
}

export function dispatchLines(scenario: Scenario, routes: PlanRoute[], basis: DatePlanBasis): { lines: DispatchLine[]; notDispatched: CarriedLine[]; kgPerParcel: Record<string, number> } {
  const coldFleet = new Set(scenario.fleet.filter((f) => f.cold).map((f) => f.id));
  const pools = new Map<string, Pool[]>();
  const kg = new Map<string, { kg: number; parcels: number }>();
  for (const r of basis.rows) {
    const list = pools.get(r.stationId) ?? [];
    const same = list.find((p) => p.carrierId === r.carrierId && p.cold === r.cold);
    if (same) {
      same.down += r.parcelsDown;
      same.up += r.parcelsUp;
    } else list.push({ carrierId: r.carrierId, cold: r.cold, down: r.parcelsDown, up: r.parcelsUp });
    pools.set(r.stationId, list);
    const k = `${r.stationId}|${r.carrierId}`;
    const cur = kg.get(k) ?? { kg: 0, parcels: 0 };
    kg.set(k, { kg: cur.kg + r.kgDown, parcels: cur.parcels + r.parcelsDown });
  }
  const carriedLeft = new Map<string, number>();
  for (const c of basis.carried) carriedLeft.set(`${c.stationId}|${c.carrierId}`, (carriedLeft.get(`${c.stationId}|${c.carrierId}`) ?? 0) + c.parcels);

  const lines: DispatchLine[] = [];
  for (const route of routes) {
    if (route.kind !== 'delivery') continue;
    route.stops.forEach((s: StopDetail, i) => {
      const onCold = s.cold ?? coldFleet.has(route.fleetId);
      const split = s.byCarrier ? Object.entries(s.byCarrier).map(([carrierId, v]) => ({ carrierId, down: v.down, up: v.up })) : takeFromPools(pools.get(s.stationId) ?? [], s.parcelsDown, s.parcelsUp, onCold);
      for (const part of split) {
        if (part.down === 0 && part.up === 0) continue;
        const key = `${s.stationId}|${part.carrierId}`;
        const carried = Math.min(carriedLeft.get(key) ?? 0, part.down);
        carriedLeft.set(key, (carriedLeft.get(key) ?? 0) - carried);
        lines.push({ vehicle: route.vehicle, trip: route.trip ?? 1, depot: route.depot, seq: i + 1, stationId: s.stationId, carrierId: part.carrierId, parcelsDown: part.down, parcelsUp: part.up, carriedOver: carried, cold: onCold && (pools.get(s.stationId) ?? []).some((p) => p.cold), arrival: s.arrival });
      }
    });
  }
  // What the routes do not carry (unassigned stations) waits for the next date.
  const notDispatched: CarriedLine[] = [...basis.deferred];
  if (routes.some((r) => r.stops.some((s: StopDetail) => s.byCarrier))) {
    for (const [stationId, list] of pools) {
      for (const p of list) {
        const sent = lines.filter((l) => l.stationId === stationId && l.carrierId === p.carrierId).reduce((s, l) => s + l.parcelsDown, 0);
        const total = list.filter((q) => q.carrierId === p.carrierId).reduce((s, q) => s + q.down, 0);
        if (sent < total && !notDispatched.some((n) => n.stationId === stationId && n.carrierId === p.carrierId && n.reason === 'unassigned')) {
          notDispatched.push(leftLine(stationId, p.carrierId, total - sent, p.cold, basis.date, kg));
        }
      }
    }
  } else {
    for (const [stationId, list] of pools) for (const p of list) if (p.down > 0) notDispatched.push(leftLine(stationId, p.carrierId, p.down, p.cold, basis.date, kg));
  }
  const kgPerParcel: Record<string, number> = {};
  for (const [k, v] of kg) kgPerParcel[k] = v.parcels > 0 ? Math.round((v.kg / v.parcels) * 1000) / 1000 : 0;
  return { lines, notDispatched, kgPerParcel };
}

function leftLine(stationId: string, carrierId: string, parcels: number, cold: boolean, date: string, kg: Map<string, { kg: number; parcels: number }>): CarriedLine {
  const k = kg.get(`${stationId}|${carrierId}`);
  return { stationId, carrierId, parcels, kg: k && k.parcels > 0 ? (k.kg / k.parcels) * parcels : 0, cold, fromDate: date, reason: 'unassigned' };
}

/** Takes a stop's parcels from its station's per-carrier pools (consumed), preferring the stop's cold/normal kind. */
function takeFromPools(pools: Pool[], down: number, up: number, cold: boolean): Array<{ carrierId: string; down: number; up: number }> {
  const order = [...pools].sort((a, b) => Number(b.cold === cold) - Number(a.cold === cold));
  const out = new Map<string, { carrierId: string; down: number; up: number }>();
  let needDown = down;
  let needUp = up;
  for (const p of order) {
    const d = Math.min(p.down, needDown);
    const u = Math.min(p.up, needUp);
    if (d === 0 && u === 0) continue;
    p.down -= d;
    p.up -= u;
    needDown -= d;
    needUp -= u;
    const cur = out.get(p.carrierId) ?? { carrierId: p.carrierId, down: 0, up: 0 };
    out.set(p.carrierId, { carrierId: p.carrierId, down: cur.down + d, up: cur.up + u });
  }
  return [...out.values()];
}

/** Freezes a stored date plan as the dispatch of its date (one per date; refused when the date is dispatched). */
export function freezeDispatch(scenario: Scenario, ops: OperationsStore, stored: { id: string; scenarioId: string; plan: { routes: PlanRoute[] } }): Dispatch {
  const basis = ops.datePlanBasis(stored.id);
  if (!basis) throw new Error(`plan ${stored.id} is not a plan of a calendar date: plan one with "gongpei plan ${stored.scenarioId} --date YYYY-MM-DD"`);
  const { lines, notDispatched, kgPerParcel } = dispatchLines(scenario, stored.plan.routes, basis);
  return ops.saveDispatch({ scenarioId: stored.scenarioId, planId: stored.id, date: basis.date, lines, notDispatched, kgPerParcel, files: [] });
}
