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
 * per day), then try candidate schedules, each solved day by day with the accumulated loads, and keep the cheapest:
 * - aligned: a station of limit N ≥ 1 is visited every P-th day (P = N + 1, lowered until one visit's load fits
 *   the largest vehicle of its depot); the stations of a depot share as few visit-day groups as the depot's daily
 *   fleet capacity allows (often one), so whole routes — and a hub's trunk stop — run only on those days;
 * - sweep: the same periods, but each depot's stations cut into P angular sectors of about equal parcels, sector g
 *   visited on days g+1, g+1+P, … (every day has work, each day's routes cover one compact sector);
 * - greedy (only when neither schedule above was kept): from the best schedule so far, drop single visits by estimated saving (detour cost in that day's route
 *   + base service time) while every wait stays within the limit, the visit's load fits the largest vehicle and the
 *   depot's daily load stays within 90% of its fleet capacity.
 * Cold-chain items are perishable: never held back, they go out on their own day (visitDays include those days).
 * A candidate is kept only if it costs less and leaves no more stations unassigned than the best so far, so the
 * result is never worse than the every-day plan (total ≤ every-day always holds).
 */
import type { DemandRow, Scenario } from '../model/types.ts';
import type { HorizonResult, HorizonStation, PlanResult } from './types.ts';
import { planningNetwork } from './network.ts';
import { planDayDetailed, type DayPlanDetail, type PlanDayOptions } from './day.ts';
import { isTrunk, round, sharedFleet, stationLimitDays } from './common.ts';
import { hasParcels } from './demand.ts';

export interface HorizonOptions extends PlanDayOptions {
  /** Candidate schedules tried after the every-day plan, in order (default ['aligned', 'sweep', 'greedy']); the cheapest is kept. */
  strategies?: Array<'aligned' | 'sweep' | 'greedy'>;
}

export interface HorizonDetail {
  horizon: HorizonResult;
  /** The kept plan of every day 1..days (null on a day without parcels). */
  dayPlans: Array<PlanResult | null>;
  everyDayPlans: Array<PlanResult | null>;
  /** Whether the periodic schedule was kept (false: the every-day plan was cheaper or served more). */
  periodicKept: boolean;
  /** Which schedule was kept: 'every-day', 'sweep' or 'greedy'. */
  strategy: string;
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
    if (!hasParcels(r)) continue;
    let perDay = rowsOf.get(r.stationId);
    if (!perDay) rowsOf.set(r.stationId, (perDay = Array.from({ length: days + 1 }, () => [])));
    perDay[r.day]!.push(r);
  }
  if (rowsOf.size === 0) throw new Error(`horizon: no parcels in days 1–${days} of demand.csv`);
  const stations = [...rowsOf.keys()];
  // Cold-chain items are perishable: they are never held back and go out on their own day (the cold van's job);
  // visit patterns and waits concern the other parcels.
  const demandDays = new Map(stations.map((s) => [s, rowsOf.get(s)!.flatMap((rows, d) => (rows.some((r) => !r.cold) ? [d] : []))] as const));
  const coldDays = new Map(stations.map((s) => [s, rowsOf.get(s)!.flatMap((rows, d) => (rows.some((r) => r.cold) ? [d] : []))] as const));
  const limitOf = new Map(stations.map((s) => [s, stationLimitDays(scenario, placeById.get(s))] as const));

  /** The rows each day's plan gets under a pattern: parcels of day d move to their visit day. */
  const rowsForPattern = (pattern: Map<string, number[]>): DemandRow[][] => {
    const byDay: DemandRow[][] = Array.from({ length: days + 1 }, () => []);
    for (const s of stations) {
      const visits = pattern.get(s)!;
      for (const d of demandDays.get(s)!) {
        const v = waitFor(visits, d, days)!.visit;
        for (const r of rowsOf.get(s)![d]!) if (!r.cold) byDay[v]!.push({ ...r, day: v });
      }
      for (const d of coldDays.get(s)!) for (const r of rowsOf.get(s)![d]!) if (r.cold) byDay[d]!.push(r);
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

  const strategies = options.strategies ?? ['aligned', 'sweep', 'greedy'];
  const slices = 1 + strategies.length;
  const everyDay = new Map(stations.map((s) => [s, demandDays.get(s)!.slice()] as const));
  const everyDayPlans = await solveAll(rowsForPattern(everyDay), 0, 1 / slices);
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
  const warehouseId = scenario.places.find((p) => p.kind === 'warehouse')?.id ?? '';
  const depotOf = new Map<string, string>();
  for (const p of everyDayPlans) if (p) for (const [s, d] of p.assignment) if (!depotOf.has(s)) depotOf.set(s, d);
  for (const s of stations) if (!depotOf.has(s)) depotOf.set(s, warehouseId); // cold-only stations: warehouse cold vans

  // Station load per demand day; a visit's accumulated load must fit the largest vehicle of the depot.
  const loadOfDay = (s: string, d: number) => {
    let pd = 0, kd = 0, pu = 0, ku = 0;
    for (const r of rowsOf.get(s)![d]!) if (!r.cold) { pd += r.parcelsDown; kd += r.kgDown; pu += r.parcelsUp; ku += r.kgUp; }
    return { pd, kd, pu, ku };
  };
  const visitLoads = (s: string, visits: number[]) => {
    const acc = new Map<number, { pd: number; kd: number; pu: number; ku: number }>();
    for (const d of demandDays.get(s)!) {
      const w = waitFor(visits, d, days);
      if (!w || w.wait > limitOf.get(s)!) return null;
      const l = loadOfDay(s, d);
      const a = acc.get(w.visit) ?? { pd: 0, kd: 0, pu: 0, ku: 0 };
      acc.set(w.visit, { pd: a.pd + l.pd, kd: a.kd + l.kd, pu: a.pu + l.pu, ku: a.ku + l.ku });
    }
    return acc;
  };
  const fitsVehicle = (s: string, visits: number[]) => {
    const loads = visitLoads(s, visits);
    if (!loads) return false;
    const cap = capacityAt(depotOf.get(s)!);
    for (const l of loads.values()) {
      if (Math.max(l.pd, l.pu) > cap.maxP || Math.max(l.kd, l.ku) > cap.maxK) return false;
    }
    return true;
  };

  let best = { pattern: everyDay, plans: everyDayPlans, cost: everyDayCost, unassigned: unassignedOf(everyDayPlans) };
  let periodicKept = false;
  let chosen = 'every-day';
  for (const [k, strategy] of strategies.entries()) {
    // Greedy is the fallback: after a kept aligned/sweep schedule it rarely pays for its seven more solves.
    if (strategy === 'greedy' && periodicKept && strategies.length > 1) continue;
    const pattern = strategy === 'greedy' ? greedyPattern(best) : sweepPattern(strategy);
    if (!pattern) continue;
    const sliceStart = (1 + k) / slices;
    let plans = await solveAll(rowsForPattern(pattern), sliceStart, sliceStart + 1 / slices);
    let cost = costOf(plans);
    let unassigned = unassignedOf(plans);
    if (unassigned > best.unassigned && cost < best.cost) {
      // Repair once: stations the engine could not fit on their visit day go back to every-day visits.
      const dropped = new Set(plans.flatMap((p) => (p ? p.plan.unassigned.map((u) => u.stationId) : [])));
      for (const st of dropped) if (pattern.has(st)) pattern.set(st, everyDay.get(st)!.slice());
      plans = await solveAll(rowsForPattern(pattern), sliceStart, sliceStart + 1 / slices);
      cost = costOf(plans);
      unassigned = unassignedOf(plans);
    }
    if (cost < best.cost - 1e-9 && unassigned <= best.unassigned) {
      best = { pattern, plans, cost, unassigned };
      periodicKept = true;
      chosen = strategy;
    }
  }

  /**
   * Sweep: each station of limit N ≥ 1 is visited every P-th day (P = N + 1, lowered until a visit's load fits the
   * largest vehicle); the stations of one depot and one P are cut into P angular sectors around the depot of about
   * equal parcels, sector g visited on days g+1, g+1+P, … — neighbours share visit days, so each day's routes cover
   * one compact sector instead of the whole area.
   */
  function sweepPattern(mode: 'sweep' | 'aligned'): Map<string, number[]> | null {
    const pattern = new Map([...everyDay].map(([s, v]) => [s, v.slice()] as const));
    const periodOf = new Map<string, number>();
    for (const s of stations) {
      const limit = limitOf.get(s)!;
      if (limit <= 0 || demandDays.get(s)!.length === 0) continue;
      for (let period = Math.min(limit + 1, days); period >= 2; period--) {
        // Capacity check with the worst offset.
        let ok = true;
        for (let o = 1; o <= period && ok; o++) ok = fitsVehicle(s, periodicDays(o, period));
        if (ok) {
          periodOf.set(s, period);
          break;
        }
      }
    }
    const groups = new Map<string, string[]>();
    for (const [s, period] of periodOf) {
      const key = `${depotOf.get(s)}\u0000${period}`;
      const g = groups.get(key) ?? [];
      g.push(s);
      groups.set(key, g);
    }
    let changed = false;
    for (const [key, members] of groups) {
      const [depot, periodText] = key.split('\u0000') as [string, string];
      const period = Number(periodText);
      const d = placeById.get(depot);
      if (!d) continue;
      const angle = (s: string) => {
        const p = placeById.get(s)!;
        return Math.atan2(p.lat - d.lat, (p.lon - d.lon) * Math.cos((d.lat * Math.PI) / 180));
      };
      const weekly = (s: string) => demandDays.get(s)!.reduce((a, day) => { const l = loadOfDay(s, day); return a + l.pd + l.pu; }, 0);
      const sorted = members.map((s) => ({ s, a: angle(s), w: weekly(s) })).sort((x, y) => x.a - y.a || (x.s < y.s ? -1 : 1));
      // Start the cut at the widest angular gap so that no sector wraps across a crowded direction.
      let startIdx = 0;
      let widest = -1;
      for (let i = 0; i < sorted.length; i++) {
        const next = i + 1 < sorted.length ? sorted[i + 1]!.a : sorted[0]!.a + 2 * Math.PI;
        if (next - sorted[i]!.a > widest) { widest = next - sorted[i]!.a; startIdx = (i + 1) % sorted.length; }
      }
      const ring = [...sorted.slice(startIdx), ...sorted.slice(0, startIdx)];
      const total = ring.reduce((a, x) => a + x.w, 0);
      // aligned: as few sectors as the depot's daily fleet capacity allows (often 1: the whole depot on the same
      // days, so its routes — and a hub's trunk stop — run only on those days); sweep: P sectors.
      let sectors = period;
      if (mode === 'aligned') {
        const cap = capacityAt(depot);
        const kgWeekly = members.reduce((a, s) => a + demandDays.get(s)!.reduce((b, day) => { const l = loadOfDay(s, day); return b + Math.max(l.kd, l.ku); }, 0), 0);
        const perVisitP = (total * period) / days;
        const perVisitK = (kgWeekly * period) / days;
        sectors = Math.min(period, Math.max(1, Math.ceil(perVisitP / Math.max(1e-9, cap.dayP)), Math.ceil(perVisitK / Math.max(1e-9, cap.dayK))));
      }
      let acc = 0;
      for (const x of ring) {
        const sector = Math.min(sectors - 1, Math.floor((sectors * (acc + x.w / 2)) / Math.max(1e-9, total)));
        acc += x.w;
        const visits = periodicDays(1 + Math.floor((sector * period) / sectors), period);
        if (visitLoads(x.s, visits)) {
          pattern.set(x.s, visits);
          changed = true;
        }
      }
    }
    return changed ? pattern : null;
  }

  function periodicDays(offset: number, period: number): number[] {
    const out: number[] = [];
    for (let v = offset; v <= days; v += period) out.push(v);
    return out;
  }

  /** Greedy: drop single visits by estimated saving (detour + base service in the best plan so far) while feasible. */
  function greedyPattern(from: typeof best): Map<string, number[]> | null {
    const pattern = new Map([...from.pattern].map(([s, v]) => [s, v.slice()] as const));
    const depotDay = new Map<string, number[][]>(); // depot → [day] → [parcels, kg]
    const addDepotLoad = (s: string, visits: number[], sign: number) => {
      const depot = depotOf.get(s)!;
      let arr = depotDay.get(depot);
      if (!arr) depotDay.set(depot, (arr = Array.from({ length: days + 1 }, () => [0, 0])));
      for (const [v, l] of visitLoads(s, visits) ?? []) {
        arr[v]![0] += sign * Math.max(l.pd, l.pu);
        arr[v]![1] += sign * Math.max(l.kd, l.ku);
      }
    };
    for (const s of stations) addDepotLoad(s, pattern.get(s)!, 1);

    const candidates: Array<{ s: string; v: number; saving: number }> = [];
    const fleetById = new Map([...scenario.fleet, ...fleet].map((f) => [f.id, f] as const));
    for (const [v, p] of from.plans.entries()) {
      if (!p) continue;
      for (const route of p.plan.routes) {
        if (route.kind !== 'delivery') continue;
        const row = fleetById.get(route.fleetId);
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
          candidates.push({ s, v, saving: perM * dDist + perS * (dTime + scenario.county.defaults.serviceMinutesBase * 60) });
        }
      }
    }
    candidates.sort((x, y) => y.saving - x.saving || (x.s < y.s ? -1 : x.s > y.s ? 1 : x.v - y.v));
    let dropped = 0;
    for (const { s, v } of candidates) {
      const visits = pattern.get(s)!;
      if (!visits.includes(v) || visits.length <= 1) continue;
      const next = visits.filter((x) => x !== v);
      if (!fitsVehicle(s, next)) continue;
      const depot = depotOf.get(s)!;
      const cap = capacityAt(depot);
      addDepotLoad(s, visits, -1);
      addDepotLoad(s, next, 1);
      if (depotDay.get(depot)!.some((x, d) => d >= 1 && (x[0]! > cap.dayP || x[1]! > cap.dayK))) {
        addDepotLoad(s, next, -1);
        addDepotLoad(s, visits, 1);
        continue;
      }
      pattern.set(s, next);
      dropped++;
    }
    return dropped > 0 ? pattern : null;
  }

  const stationRows: HorizonStation[] = stations
    .map((s) => {
      const pattern = best.pattern.get(s)!;
      const maxWait = Math.max(0, ...demandDays.get(s)!.map((d) => waitFor(pattern, d, days)!.wait));
      const visits = [...new Set([...pattern, ...coldDays.get(s)!])].sort((a, b) => a - b);
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
    strategy: chosen,
  };
}
