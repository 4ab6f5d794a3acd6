/** Route plans as the search sees them: their total objective, and whether two plans route as many jobs. */
import type { Instance } from '../instance.ts';
import { Route } from '../route.ts';
import { routeObjective } from '../cost.ts';
import type { RoutePlan } from '../search/localSearch.ts';

const NO_PENALTY = { load: 0, timeWarp: 0, distance: 0 };

/** Objective of feasible routes under the search's evaluation; Infinity when one is infeasible. */
export function totalCost(inst: Instance, plans: readonly RoutePlan[]): number {
  let cost = 0;
  const r = new Route(inst, 0, 0);
  for (const p of plans) {
    if (p.jobs.length === 0) continue;
    const route = p.type === r.type ? r : new Route(inst, 0, p.type);
    route.jobs = p.jobs.slice();
    route.update(NO_PENALTY);
    if (!route.feasible()) return Infinity;
    cost += routeObjective(inst, p.type, route.distance, route.duration);
  }
  return cost;
}

export function sameJobCount(a: readonly RoutePlan[], b: readonly RoutePlan[]): boolean {
  const count = (plans: readonly RoutePlan[]) => plans.reduce((s, p) => s + p.jobs.length, 0);
  return count(a) === count(b);
}
