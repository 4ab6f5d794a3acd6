/**
 * Candidate schedule 'greedy' (only when no aligned/sweep schedule was kept): from the best schedule so far, drop
 * single visits by estimated saving (detour cost in that day's route + base service time) while every wait stays
 * within the limit, the visit's load fits the largest vehicle and the depot's daily load stays within
 * horizonFleetUtilisation of its fleet capacity.
 */
import { capacityAt, copyPattern, fitsVehicle, visitLoads, type HorizonContext } from './context.ts';
import type { DayPlans } from './solve-days.ts';
import type { Pattern } from './types.ts';

interface Candidate {
  s: string;
  v: number;
  saving: number;
}

/** Visits that could be dropped, with the estimated saving of each, best first. */
function dropCandidates(ctx: HorizonContext, plans: DayPlans): Candidate[] {
  const { matrix, index } = ctx;
  const n = matrix.size;
  const candidates: Candidate[] = [];
  const fleetById = new Map([...ctx.scenario.fleet, ...ctx.fleet].map((f) => [f.id, f] as const));
  const serviceBase = ctx.scenario.county.defaults.serviceMinutesBase * 60;
  for (const [v, p] of plans.entries()) {
    if (!p) continue;
    for (const route of p.plan.routes) {
      if (route.kind !== 'delivery') continue;
      const row = fleetById.get(route.fleetId);
      if (!row) continue;
      const perM = row.costPerKm / 1000;
      const perS = row.costPerHour / 3600;
      const seq = [route.depot, ...route.stops.map((x) => x.stationId), route.depot];
      for (let k = 1; k < seq.length - 1; k++) {
        const s = seq[k];
        if (!ctx.rowsOf.has(s) || (ctx.limitOf.get(s) ?? 0) <= 0) continue;
        const a = index.get(seq[k - 1])!,
          b = index.get(s)!,
          c = index.get(seq[k + 1])!;
        const dDist = matrix.distanceM[a * n + b] + matrix.distanceM[b * n + c] - matrix.distanceM[a * n + c];
        const dTime = matrix.durationS[a * n + b] + matrix.durationS[b * n + c] - matrix.durationS[a * n + c];
        candidates.push({ s, v, saving: perM * dDist + perS * (dTime + serviceBase) });
      }
    }
  }
  return candidates.sort((x, y) => y.saving - x.saving || (x.s < y.s ? -1 : x.s > y.s ? 1 : x.v - y.v));
}

/** Per depot, per day: [parcels, kg] its stations' visits put on its fleet. */
class DepotLoads {
  private readonly byDepot = new Map<string, number[][]>();
  constructor(private readonly ctx: HorizonContext) {}
  add(s: string, visits: number[], sign: number): void {
    const depot = this.ctx.depotOf.get(s)!;
    let arr = this.byDepot.get(depot);
    if (!arr) this.byDepot.set(depot, (arr = Array.from({ length: this.ctx.days + 1 }, () => [0, 0])));
    for (const [v, l] of visitLoads(this.ctx, s, visits) ?? []) {
      arr[v][0] += sign * Math.max(l.parcelsDown, l.parcelsUp);
      arr[v][1] += sign * Math.max(l.kgDown, l.kgUp);
    }
  }
  overloaded(depot: string): boolean {
    const cap = capacityAt(this.ctx, depot);
    return this.byDepot.get(depot)!.some((x, d) => d >= 1 && (x[0] > cap.dayP || x[1] > cap.dayK));
  }
}

export function greedyPattern(ctx: HorizonContext, from: { pattern: Pattern; plans: DayPlans }): Pattern | null {
  const pattern = copyPattern(from.pattern);
  const loads = new DepotLoads(ctx);
  for (const s of ctx.stations) loads.add(s, pattern.get(s)!, 1);
  let dropped = 0;
  for (const { s, v } of dropCandidates(ctx, from.plans)) {
    const visits = pattern.get(s)!;
    if (!visits.includes(v) || visits.length <= 1) continue;
    const next = visits.filter((x) => x !== v);
    if (!fitsVehicle(ctx, s, next)) continue;
    loads.add(s, visits, -1);
    loads.add(s, next, 1);
    if (loads.overloaded(ctx.depotOf.get(s)!)) {
      loads.add(s, next, -1);
      loads.add(s, visits, 1);
      continue;
    }
    pattern.set(s, next);
    dropped++;
  }
  return dropped > 0 ? pattern : null;
}
