/**
 * N-day service limit: periodic plan over the horizon (issue 4, scope 3).
 *
 * A station with limit N may be visited on fewer days as long as no parcel waits more than N days at the
 * warehouse. Parcels (and produce waiting at the station) of demand day d are handled on the first visit day
 * v ≥ d; the wait is v − d. Horizon boundary: the week is cyclic (steady state) — parcels of the last days
 * that have no later visit in the horizon go on the first visit of the next week, which is the same weekday
 * pattern, i.e. wait = (v − d) mod days.
 *
 * Method: start from visiting every station on every day it has parcels (the every-day plan, one engine solve
 * per day); estimate, from those routes, what dropping one visit of a station saves (its detour cost in that
 * day's route plus its base service time); drop visits greedily by estimated saving while every wait stays
 * within the limit, the accumulated load of a visit fits the largest vehicle of the station's depot and a
 * depot's daily load stays within 90% of its fleet capacity; then solve each day again with the accumulated
 * loads. The periodic plan is kept only if it costs less and leaves no more stations unassigned than the
 * every-day plan; otherwise the every-day plan is the answer (so total ≤ every-day always holds).
 */
import type { DemandRow, Scenario } from '../model/types.ts';
import type { HorizonResult, HorizonStation, PlanResult } from './types.ts';
import { planningNetwork } from './network.ts';
import { planDayDetailed, type DayPlanDetail, type PlanDayOptions } from './day.ts';
import { isTrunk, round, sharedFleet, stationLimitDays } from './common.ts';

export interface HorizonOptions extends PlanDayOptions {
  /** Rounds of (estimate → drop visits → re-solve), each round re-estimating from the last kept plan. Default 1. */
  rounds?: number;
}

export interface HorizonDetail {
  horizon: HorizonResult;
  /** The kept plan of every day 1..days (null on a day without parcels). */
  dayPlans: Array<PlanResult | null>;
  everyDayPlans: Array<PlanResult | null>;
  /** Whether the periodic schedule was kept (false: the every-day plan was cheaper or served more). */
  periodicKept: boolean;
}

/** Visit day of demand day d under the cyclic pattern: the first visit v with (v − d) mod days minimal. */
export function waitFor(visits: number[], d: number, days: number): { visit: number; wait: number } | null {
  let best: { visit: number; wait: number } | null = null;
  for (const v of visits) {
    const wait = (((v - d) % days) + days) % days;
    if (!best || wait < best.wait) best = { visit: v, wait };
  }
  return best;
}

export async function planHorizon(scenario: Scenario, days = 7, options: HorizonOptions = {}): Promise<HorizonDetail> {
  if (!Number.isInteger(days) || days < 1) throw new Error(`horizon: days must be a positive integer, got ${days}`);
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const index = new Map(matrix.ids.map((id, i) => [id, i] as const));
  const n = matrix.size;
  const placeById = new Map(scenario.places.map((p) => [p.id, p] as const));
  const carriers = options.carriers ? new Set(options.carriers) : null;

  // Demand rows per station per day (1..days).
  const rowsOf = new Map<string, DemandRow[][]>();
  for (const r of scenario.demand) {
    if (r.day < 1 || r.day > days) continue;
    if (carriers && !carriers.has(r.carrierId)) continue;
    if (r.parcelsDown + r.parcelsUp <= 0) continue;
    let perDay = rowsOf.get(r.stationId);
    if (!perDay) rowsOf.set(r.stationId, (perDay = Array.from({ length: days + 1 }, () => [])));
    perDay[r.day]!.push(r);
  }
  if (rowsOf.size === 0) throw new Error(`horizon: no parcels in days 1–${days} of demand.csv`);
  const stations = [...rowsOf.keys()];
  const demandDays = new Map(stations.map((s) => [s, rowsOf.get(s)!.flatMap((rows, d) => (rows.length ? [d] : []))] as const));
  const limitOf = new Map(stations.map((s) => [s, stationLimitDays(scenario, placeById.get(s))] as const));

  /** The rows each day's plan gets under a pattern: parcels of day d move to their visit day. */
  const rowsForPattern = (pattern: Map<string, number[]>): DemandRow[][] => {
    const byDay: DemandRow[][] = Array.from({ length: days + 1 }, () => []);
    for (const s of stations) {
      const visits = pattern.get(s)!;
      for (const d of demandDays.get(s)!) {
        const v = waitFor(visits, d, days)!.visit;
        for (const r of rowsOf.get(s)![d]!) byDay[v]!.push({ ...r, day: v });
      }
    }
    return byDay;
  };

  const activeDays = (byDay: DemandRow[][]) => byDay.filter((r, d) => d >= 1 && r.length > 0).length;
  const solveAll = async (byDay: DemandRow[][], sliceStart: number, sliceEnd: number) => {
    const plans: Array<DayPlanDetail | null> = [null];
    const total = Math.max(1, activeDays(byDay));
    let k = 0;
    for (let d = 1; d <= days; d++) {
      if (byDay[d]!.length === 0) {
        plans.push(null);
        continue;
      }
      const start = sliceStart + ((sliceEnd - sliceStart) * k) / total;
      const width = (sliceEnd - sliceStart) / total;
      plans.push(
        await planDayDetailed(scenario, d, {
          ...options,
          matrix,
          rows: byDay[d]!,
          onProgress: options.onProgress ? (f, c) => options.onProgress!(start + f * width, c) : undefined,
        }),
      );
      k++;
    }
    return plans;
  };
  const costOf = (plans: Array<DayPlanDetail | null>) => plans.reduce((a, p) => a + (p ? p.exactCost : 0), 0);
  const unassignedOf = (plans: Array<DayPlanDetail | null>) => plans.reduce((a, p) => a + (p ? p.plan.kpis.stationsUnassigned : 0), 0);

  const rounds = options.rounds ?? 1;
  const everyDay = new Map(stations.map((s) => [s, demandDays.get(s)!.slice()] as const));
  const everyDayPlans = await solveAll(rowsForPattern(everyDay), 0, 1 / (1 + rounds));
  const everyDayCost = costOf(everyDayPlans);

  // Capacity limits per depot: largest vehicle, and 90% of the depot's daily fleet capacity.
  const fleet = options.fleet ?? sharedFleet(scenario);
  const capacityAt = (depot: string) => {
    const rows = fleet.filter((f) => !isTrunk(f) && f.depotId === depot && f.count > 0);
    return {
      maxP: Math.max(0, ...rows.map((r) => r.capacityParcels)),
      maxK: Math.max(0, ...rows.map((r) => r.capacityKg)),
      dayP: 0.9 * rows.reduce((a, r) => a + r.count * r.capacityParcels, 0),
      dayK: 0.9 * rows.reduce((a, r) => a + r.count * r.capacityKg, 0),
    };
  };

  let best = { pattern: everyDay, plans: everyDayPlans, cost: everyDayCost, unassigned: unassignedOf(everyDayPlans) };
  let periodicKept = false;
  for (let round_ = 0; round_ < rounds; round_++) {
    const pattern = new Map([...best.pattern].map(([s, v]) => [s, v.slice()] as const));
    const depotOf = new Map<string, string>();
    for (const p of best.plans) if (p) for (const [s, d] of p.assignment) if (!depotOf.has(s)) depotOf.set(s, d);

    // Station load per demand day (parcels, kg; max of down and up since both must fit).
    const loadOfDay = (s: string, d: number) => {
      let pd = 0, kd = 0, pu = 0, ku = 0;
      for (const r of rowsOf.get(s)![d]!) { pd += r.parcelsDown; kd += r.kgDown; pu += r.parcelsUp; ku += r.kgUp; }
      return { pd, kd, pu, ku };
    };
    const visitLoads = (s: string, visits: number[]) => {
      const acc = new Map<number, { pd: number; kd: number; pu: number; ku: number }>();
      for (const d of demandDays.get(s)!) {
        const w = waitFor(visits, d, days);
        if (!w) return null;
        if (w.wait > limitOf.get(s)!) return null;
        const l = loadOfDay(s, d);
        const a = acc.get(w.visit) ?? { pd: 0, kd: 0, pu: 0, ku: 0 };
        acc.set(w.visit, { pd: a.pd + l.pd, kd: a.kd + l.kd, pu: a.pu + l.pu, ku: a.ku + l.ku });
      }
      return acc;
    };
    // Depot day loads under the current pattern.
    const depotDay = new Map<string, number[][]>(); // depot → [day] → [parcels, kg]
    const addDepotLoad = (s: string, visits: number[], sign: number) => {
      const depot = depotOf.get(s);
      if (!depot) return;
      let arr = depotDay.get(depot);
      if (!arr) depotDay.set(depot, (arr = Array.from({ length: days + 1 }, () => [0, 0])));
      for (const [v, l] of visitLoads(s, visits) ?? []) {
        arr[v]![0] += sign * Math.max(l.pd, l.pu);
        arr[v]![1] += sign * Math.max(l.kd, l.ku);
      }
    };
    for (const s of stations) addDepotLoad(s, pattern.get(s)!, 1);

    // Estimated saving of dropping station s's visit on day v: its detour in that day's route + base service.
    const candidates: Array<{ s: string; v: number; saving: number }> = [];
    const fleetById = new Map(scenario.fleet.map((f) => [f.id, f] as const));
    for (const [v, p] of best.plans.entries()) {
      if (!p) continue;
      for (const route of p.plan.routes) {
        if (route.kind !== 'delivery') continue;
        const row = fleetById.get(route.fleetId) ?? fleet.find((f) => f.id === route.fleetId);
        if (!row) continue;
        const perM = row.costPerKm / 1000;
        const perS = row.costPerHour / 3600;
        const loc = (id: string) => index.get(id)!;
        const seq = [route.depot, ...route.stops.map((x) => x.stationId), route.depot];
        for (let k = 1; k < seq.length - 1; k++) {
          const s = seq[k]!;
          if (!rowsOf.has(s) || (limitOf.get(s) ?? 0) <= 0) continue;
          const a = loc(seq[k - 1]!), b = loc(s), c = loc(seq[k + 1]!);
          const dDist = matrix.distanceM[a * n + b]! + matrix.distanceM[b * n + c]! - matrix.distanceM[a * n + c]!;
          const dTime = matrix.durationS[a * n + b]! + matrix.durationS[b * n + c]! - matrix.durationS[a * n + c]!;
          const saving = perM * dDist + perS * (dTime + scenario.county.defaults.serviceMinutesBase * 60);
          candidates.push({ s, v, saving });
        }
      }
    }
    candidates.sort((x, y) => y.saving - x.saving || (x.s < y.s ? -1 : x.s > y.s ? 1 : x.v - y.v));

    let dropped = 0;
    for (const { s, v } of candidates) {
      const visits = pattern.get(s)!;
      if (!visits.includes(v) || visits.length <= 1) continue;
      const next = visits.filter((x) => x !== v);
      const loads = visitLoads(s, next);
      if (!loads) continue;
      const depot = depotOf.get(s);
      if (!depot) continue;
      const cap = capacityAt(depot);
      let fits = true;
      for (const l of loads.values()) {
        if (Math.max(l.pd, l.pu) > cap.maxP || Math.max(l.kd, l.ku) > cap.maxK) fits = false;
      }
      if (!fits) continue;
      addDepotLoad(s, visits, -1);
      addDepotLoad(s, next, 1);
      const arr = depotDay.get(depot)!;
      const over = arr.some((x, d) => d >= 1 && (x[0]! > cap.dayP || x[1]! > cap.dayK));
      if (over) {
        addDepotLoad(s, next, -1);
        addDepotLoad(s, visits, 1);
        continue;
      }
      pattern.set(s, next);
      dropped++;
    }
    if (dropped === 0) break;
    const sliceStart = (1 + round_) / (1 + rounds);
    const plans = await solveAll(rowsForPattern(pattern), sliceStart, sliceStart + 1 / (1 + rounds));
    const cost = costOf(plans);
    const unassigned = unassignedOf(plans);
    if (cost < best.cost - 1e-9 && unassigned <= best.unassigned) {
      best = { pattern, plans, cost, unassigned };
      periodicKept = true;
    } else {
      break;
    }
  }

  const stationRows: HorizonStation[] = stations
    .map((s) => {
      const visits = best.pattern.get(s)!.slice().sort((a, b) => a - b);
      const maxWait = Math.max(0, ...demandDays.get(s)!.map((d) => waitFor(visits, d, days)!.wait));
      return { stationId: s, visitDays: visits, maxWaitDays: maxWait, limitDays: limitOf.get(s)! };
    })
    .sort((a, b) => (a.stationId < b.stationId ? -1 : a.stationId > b.stationId ? 1 : 0));
  const horizon: HorizonResult = {
    days,
    totalCost: round(best.cost),
    everyDayCost: round(everyDayCost),
    stations: stationRows,
    perDay: best.plans.flatMap((p, d) => (p ? [{ day: d, kpis: p.plan.kpis }] : [])),
  };
  options.onProgress?.(1, best.cost);
  return {
    horizon,
    dayPlans: best.plans.slice(1).map((p) => (p ? p.plan : null)),
    everyDayPlans: everyDayPlans.slice(1).map((p) => (p ? p.plan : null)),
    periodicKept,
  };
}
