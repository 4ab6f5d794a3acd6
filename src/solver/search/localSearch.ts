/**
 * Granular local search (Vidal's HGS / PyVRP): for each client U in random order and each of its nearest
 * neighbours V, try the node operators on (U, V) and (U, depot before V), first improvement; clients may
 * also move into one empty route per vehicle type. When no node move improves, route-pair operators
 * (SWAP*) run on routes that are neighbours of each other. Repeats until a local optimum.
 */
import type { Instance } from '../instance.ts';
import { Proposal, Route, type Penalties } from '../route.ts';
import { DEFAULT_HGS_PARAMS, type HgsParams } from '../params.ts';
import type { NodeOperator, RouteOperator, SearchContext } from './operator.ts';
import { Relocate } from './relocate.ts';
import { Swap } from './swap.ts';
import { TwoOpt } from './twoOpt.ts';
import { TwoOptStar } from './twoOptStar.ts';
import { SwapStar } from './swapStar.ts';

/** A move must improve by more than this to count (floating-point noise is not an improvement). */
const EPS = 1e-7;

export interface RoutePlan {
  type: number;
  jobs: number[];
}

export class LocalSearch implements SearchContext {
  readonly inst: Instance;
  readonly pen: Penalties;
  readonly propA: Proposal;
  readonly propB: Proposal;
  readonly allCompatible: boolean;
  /** Route slots: for each vehicle type min(count, jobs) routes. */
  readonly routes: Route[];
  readonly routesOfType: Route[][];
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  readonly neighbours: Int32Array[];
  /** The few nearest neighbours of each job: routes holding such pairs are candidates for SWAP*. */
  readonly pairNeighbours: Int32Array[];
  readonly nodeOps: NodeOperator[];
  readonly routeOps: RouteOperator[];
  private readonly lastTested: Int32Array;
  /** Route pair key → move counter when the route operators last tested it. */
  private readonly pairTested = new Map<number, number>();
  private readonly seenPairs = new Set<number>();
  private readonly emptyBuf: Route[] = [];
  private moveCount = 1;
  /** Polled between clients; returning true ends the search early. */
  shouldStop: () => boolean = () => false;

  /**
   * Routes are paired for SWAP* when one holds one of params.routePairNeighbours nearest jobs of a job of the
   * other (a stand-in for HGS's overlapping polar sectors, which need coordinates).
   */
  constructor(inst: Instance, pen: Penalties, neighbours: Int32Array[], params: HgsParams = DEFAULT_HGS_PARAMS) {
    this.inst = inst;
    this.pen = pen;
    this.propA = new Proposal(inst);
    this.propB = new Proposal(inst);
    this.allCompatible = inst.compatible.every((c) => c === 1);
    this.neighbours = neighbours.map((list) => list.slice()); // own copy: run() reorders it
    this.pairNeighbours = neighbours.map((list) => list.slice(0, params.routePairNeighbours));
    this.routes = [];
    this.routesOfType = [];
    for (let t = 0; t < inst.nTypes; t++) {
      const list: Route[] = [];
      const slots = Math.min(inst.vCount[t], Math.max(1, inst.n));
      for (let s = 0; s < slots; s++) {
        const r = new Route(inst, this.routes.length, t);
        this.routes.push(r);
        list.push(r);
      }
      this.routesOfType.push(list);
    }
    this.routeOf = new Int32Array(inst.n).fill(-1);
    this.posOf = new Int32Array(inst.n);
    this.lastTested = new Int32Array(inst.n);
    this.nodeOps = [
      new Relocate(this, 1),
      new Relocate(this, 2),
      new Relocate(this, 3),
      new Swap(this, 1, 1),
      new Swap(this, 2, 1),
      new Swap(this, 2, 2),
      new TwoOpt(this),
      new TwoOptStar(this),
    ];
    this.routeOps = [new SwapStar(this, params.swapStarCandidates)];
  }

  /** Load routes (route plans are assigned to free slots of their type). Jobs left out stay unrouted. */
  load(plans: RoutePlan[]): void {
    this.routeOf.fill(-1);
    const used = new Array<number>(this.inst.nTypes).fill(0);
    for (const r of this.routes) r.jobs = [];
    for (const plan of plans) {
      if (plan.jobs.length === 0) continue;
      const r = this.routesOfType[plan.type][used[plan.type]++];
      if (!r) throw new Error(`internal: more routes of vehicle type ${plan.type} than its count`);
      r.jobs = plan.jobs.slice();
    }
    for (const r of this.routes) {
      r.update(this.pen);
      r.lastModified = 1;
      this.index(r);
    }
    this.lastTested.fill(0);
    this.pairTested.clear();
    this.moveCount = 2;
  }

  /** Refresh every route's penalised cost (after the penalties changed). */
  refresh(): void {
    for (const r of this.routes) r.update(this.pen);
  }

  export(): RoutePlan[] {
    return this.routes.filter((r) => r.length > 0).map((r) => ({ type: r.type, jobs: r.jobs.slice() }));
  }

  penalisedCost(): number {
    let c = 0;
    for (const r of this.routes) c += r.cost;
    return c;
  }

  private index(r: Route): void {
    const jobs = r.jobs;
    for (let p = 0; p < jobs.length; p++) {
      this.routeOf[jobs[p]] = r.index;
      this.posOf[jobs[p]] = p + 1;
    }
  }

  commit(changes: ReadonlyArray<readonly [Route, number[]]>): void {
    this.moveCount++;
    for (const [r, jobs] of changes) {
      r.jobs = jobs;
      r.update(this.pen);
      r.lastModified = this.moveCount;
      this.index(r);
    }
  }

  /** One empty route slot per vehicle type (or none). */
  private emptyRoutes(): Route[] {
    const out = this.emptyBuf;
    out.length = 0;
    for (const list of this.routesOfType) {
      for (const r of list) {
        if (r.length === 0) {
          out.push(r);
          break;
        }
      }
    }
    return out;
  }

  private tryNodeOps(rU: Route, pU: number, rV: Route, pV: number): boolean {
    for (const op of this.nodeOps) {
      const delta = op.evaluate(rU, pU, rV, pV);
      if (delta < -EPS) {
        op.apply(rU, pU, rV, pV);
        return true;
      }
    }
    return false;
  }

  /** Run to a local optimum. Returns false if stopped early. */
  run(rng: () => number): boolean {
    const n = this.inst.n;
    const order: number[] = [];
    for (let u = 0; u < n; u++) if (this.routeOf[u] >= 0) order.push(u);
    shuffle(order, rng);
    // Visit each job's neighbours in a fresh random order every run (as HGS-CVRP does): with first
    // improvement, a fixed nearest-first order would always favour the same moves.
    for (const list of this.neighbours) shuffleTyped(list, rng);
    let improved = true;
    let pass = 0;
    while (improved) {
      improved = false;
      for (let oi = 0; oi < order.length; oi++) {
        if ((oi & 63) === 0 && this.shouldStop()) return false;
        const u = order[oi];
        const lastTestedU = this.lastTested[u];
        this.lastTested[u] = this.moveCount;
        const neigh = this.neighbours[u];
        for (let vi = 0; vi < neigh.length; vi++) {
          const v = neigh[vi];
          const ru = this.routeOf[u];
          const rv = this.routeOf[v];
          if (rv < 0 || ru < 0) continue;
          const rU = this.routes[ru];
          const rV = this.routes[rv];
          if (Math.max(rU.lastModified, rV.lastModified) <= lastTestedU && pass > 0) continue;
          const pU = this.posOf[u];
          const pV = this.posOf[v];
          if (this.tryNodeOps(rU, pU, rV, pV)) {
            improved = true;
            continue;
          }
          if (pV === 1 && this.tryNodeOps(rU, pU, rV, 0)) improved = true;
        }
        const ru = this.routeOf[u];
        if (ru >= 0 && (this.routes[ru].lastModified > lastTestedU || pass === 0)) {
          for (const empty of this.emptyRoutes()) {
            if (this.routeOf[u] < 0) break;
            const rU = this.routes[this.routeOf[u]];
            if (rU.length === 1 && rU.type === empty.type) continue;
            if (this.tryNodeOps(rU, this.posOf[u], empty, 0)) {
              improved = true;
              break;
            }
          }
        }
      }
      pass++;
      if (!improved && this.routeOps.length > 0) improved = this.runRouteOps();
    }
    return true;
  }

  /** Route-pair moves between routes that contain granular neighbours of each other. */
  private runRouteOps(): boolean {
    const nR = this.routes.length;
    let improved = false;
    const seen = this.seenPairs;
    seen.clear();
    for (let u = 0; u < this.inst.n; u++) {
      const ru = this.routeOf[u];
      if (ru < 0) continue;
      const neigh = this.pairNeighbours[u];
      for (let vi = 0; vi < neigh.length; vi++) {
        const rv = this.routeOf[neigh[vi]];
        if (rv < 0 || rv === ru) continue;
        const a = Math.min(ru, rv);
        const b = Math.max(ru, rv);
        const key = a * nR + b;
        if (seen.has(key)) continue;
        seen.add(key);
        const r1 = this.routes[a];
        const r2 = this.routes[b];
        if (r1.length === 0 || r2.length === 0) continue;
        const tested = this.pairTested.get(key);
        if (tested !== undefined && Math.max(r1.lastModified, r2.lastModified) <= tested) continue;
        this.pairTested.set(key, this.moveCount);
        for (const op of this.routeOps) {
          if (op.evaluate(r1, r2) < -EPS) {
            op.apply(r1, r2);
            improved = true;
          }
        }
      }
    }
    return improved;
  }
}

function shuffleTyped(a: Int32Array, rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}

export function shuffle<T>(a: T[], rng: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = a[i];
    a[i] = a[j];
    a[j] = tmp;
  }
}
