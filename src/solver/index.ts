/**
 * The routing engine: solve(problem, options) → solution. See docs/engine.md.
 *
 * Solution.cost is the engine's own figure: the sum of its exact route schedules (finalize.ts, from the
 * search's routes), computed without the independent checker. `check(problem, solution).cost` (check.ts)
 * recomputes it from the Problem alone; the two must agree (to floating-point noise, e.g. 1e-6 relative),
 * and a caller that wants proof compares them — the engine bench and the tests do, and the planning layer
 * should (see `engineCostMatches`).
 */
import { Instance } from './instance.ts';
import { hgsParams } from './params.ts';
import { jobFeasibility } from './feasibility.ts';
import { finalize } from './finalize.ts';
import { decomposedSearch, useDecomposition } from './hgs/decompose.ts';
import { searchOnThreads } from './hgs/islands.ts';
import { WorkerPool } from './parallel/pool.ts';
import type { Problem, Solution, SolveOptions } from './types.ts';
import { hasMultiTrip, restoreMultiTrip, rewriteMultiTrip } from './reload.ts';

export type { Problem, Solution, SolveOptions } from './types.ts';
export { DEFAULT_HGS_PARAMS, HGS_PARAM_RANGES, hgsParams, type HgsParams } from './params.ts';

/** Throws `HgsParams.<name>: …` for a tuning parameter out of range, and `problem: …` for a malformed problem. */
export function solve(problem: Problem, options: SolveOptions = {}): Solution {
  if (hasMultiTrip(problem)) {
    const rw = rewriteMultiTrip(problem);
    return restoreMultiTrip(rw, solveOne(rw.problem, options));
  }
  return solveOne(problem, options);
}

function solveOne(problem: Problem, options: SolveOptions): Solution {
  const params = hgsParams(options.params);
  const inst = new Instance(problem);
  const unassigned: Solution['unassigned'] = [];
  const routable: number[] = [];
  for (let j = 0; j < inst.n; j++) {
    const f = jobFeasibility(inst, j);
    if (f.routable) routable.push(j);
    else unassigned.push({ job: j, reason: f.reason!, ...(f.detail ? { detail: f.detail } : {}) });
  }
  if (routable.length === 0) return { routes: [], unassigned, cost: 0 };
  const pool = params.threads > 1 ? new WorkerPool(inst, params.threads - 1) : undefined;
  try {
    const plans = useDecomposition(routable, options, params)
      ? decomposedSearch(inst, routable, options, params, pool)
      : searchOnThreads(inst, routable, options, params, pool);
    return finalize(inst, plans, unassigned);
  } finally {
    pool?.close();
  }
}

/**
 * Whether the engine's own cost (solution.cost) agrees with an independent recomputation (normally
 * check(problem, solution).cost) within `relTol` relative (absolute below 1).
 */
export function engineCostMatches(solution: Solution, recomputed: number, relTol = 1e-6): boolean {
  return Math.abs(solution.cost - recomputed) <= relTol * Math.max(1, Math.abs(recomputed));
}
