/**
 * One small interface for every local-search move (in the manner of VROOM's local_search/ and PyVRP's
 * search/): evaluate returns the change of penalised cost (Infinity when the move does not apply);
 * apply performs it. U = client at position pU ≥ 1 of route rU; V = position pV ≥ 0 of route rV
 * (pV = 0 is the start depot: "insert at the front").
 */
import type { Instance } from '../instance.ts';
import type { Penalties, Proposal, Route } from '../route.ts';

export interface SearchContext {
  readonly inst: Instance;
  readonly pen: Penalties;
  /** Two scratch proposals (one per route touched by a move). */
  readonly propA: Proposal;
  readonly propB: Proposal;
  /** True when every job can ride every vehicle type (skips compatibility scans). */
  readonly allCompatible: boolean;
  /** Replace the jobs of the given routes and refresh their caches and the node index. */
  commit(changes: ReadonlyArray<readonly [Route, number[]]>): void;
}

export interface NodeOperator {
  readonly name: string;
  evaluate(rU: Route, pU: number, rV: Route, pV: number): number;
  apply(rU: Route, pU: number, rV: Route, pV: number): void;
}

/** Route-pair operator (SWAP*). */
export interface RouteOperator {
  readonly name: string;
  /** Best improving move between the two routes: returns its delta (≥ 0 means none) and remembers it for apply. */
  evaluate(r1: Route, r2: Route): number;
  apply(r1: Route, r2: Route): void;
}

/** True when the jobs at positions i..j of route r can all ride vehicle type t. */
export function rangeCompatible(ctx: SearchContext, r: Route, i: number, j: number, t: number): boolean {
  if (ctx.allCompatible || r.type === t) return true;
  const m = ctx.inst.nTypes;
  for (let p = i; p <= j; p++) if (ctx.inst.compatible[r.jobs[p - 1] * m + t] === 0) return false;
  return true;
}
