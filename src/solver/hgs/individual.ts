/** A solution of the genetic search: routes, giant tour, cost components and neighbour structure for diversity. */
import type { Instance } from '../instance.ts';
import { penalised, routeObjective, type Penalties } from '../cost.ts';
import type { LocalSearch, RoutePlan } from '../search/localSearch.ts';

let nextId = 1;

export class Individual {
  readonly id = nextId++;
  readonly routes: RoutePlan[];
  /** Unpenalised objective (fixed + distance + duration costs). */
  readonly cost: number;
  readonly loadExcess: number;
  readonly timeWarp: number;
  readonly distExcess: number;
  /** Successor / predecessor of each job (−1 = depot, −2 = not routed). */
  readonly succ: Int32Array;
  readonly pred: Int32Array;
  /** Broken-pairs distances to the other members of its subpopulation, ascending. */
  readonly proximity: Array<{ d: number; other: Individual }> = [];
  biasedFitness = 0;

  constructor(n: number, routes: RoutePlan[], cost: number, loadExcess: number, timeWarp: number, distExcess: number) {
    this.routes = routes;
    this.cost = cost;
    this.loadExcess = loadExcess;
    this.timeWarp = timeWarp;
    this.distExcess = distExcess;
    this.succ = new Int32Array(n).fill(-2);
    this.pred = new Int32Array(n).fill(-2);
    for (const r of routes) {
      for (let p = 0; p < r.jobs.length; p++) {
        const j = r.jobs[p];
        this.pred[j] = p === 0 ? -1 : r.jobs[p - 1];
        this.succ[j] = p === r.jobs.length - 1 ? -1 : r.jobs[p + 1];
      }
    }
  }

  static fromSearch(ls: LocalSearch): Individual {
    let cost = 0;
    let load = 0;
    let tw = 0;
    let dist = 0;
    const inst = ls.inst;
    for (const r of ls.routes) {
      if (r.length === 0) continue;
      cost += routeObjective(inst, r.type, r.distance, r.duration);
      load += r.loadExcess;
      tw += r.timeWarp;
      dist += r.distExcess;
    }
    return new Individual(inst.n, ls.export(), cost, load, tw, dist);
  }

  get feasible(): boolean {
    return this.loadExcess <= 1e-9 && this.timeWarp <= 1e-7 && this.distExcess <= 1e-7;
  }

  penalisedCost(pen: Penalties): number {
    return penalised(this.cost, pen, this.timeWarp, this.loadExcess, this.distExcess);
  }

  /**
   * Giant tour: the routes one after the other, chained greedily (next = the route whose first job is
   * nearest to the current route's last job), so that neighbouring routes stay neighbours in the tour.
   */
  tour(inst?: Instance): number[] {
    const out: number[] = [];
    if (!inst || this.routes.length < 3) {
      for (const r of this.routes) out.push(...r.jobs);
      return out;
    }
    const left = this.routes.slice();
    let cur = left.shift()!;
    out.push(...cur.jobs);
    while (left.length > 0) {
      const from = inst.jobLoc[cur.jobs[cur.jobs.length - 1]];
      let bi = 0;
      let bd = Infinity;
      for (let i = 0; i < left.length; i++) {
        const d = inst.d(from, inst.jobLoc[left[i].jobs[0]]);
        if (d < bd) {
          bd = d;
          bi = i;
        }
      }
      cur = left.splice(bi, 1)[0];
      out.push(...cur.jobs);
    }
    return out;
  }

  /** Broken-pairs distance (share of jobs whose neighbours differ, edge direction ignored). */
  brokenPairs(other: Individual, routable: readonly number[]): number {
    let diff = 0;
    for (const j of routable) {
      const s = this.succ[j];
      const p = this.pred[j];
      if (s !== other.succ[j] && s !== other.pred[j]) diff++;
      if (p === -1 && other.pred[j] !== -1 && other.succ[j] !== -1) diff++;
    }
    return diff / Math.max(1, routable.length);
  }
}
