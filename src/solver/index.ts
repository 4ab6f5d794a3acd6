/**
 * The routing engine: solve(problem, options) → solution. See docs/engine.md.
 */
import { Instance } from './instance.ts';
import { jobFeasibility } from './feasibility.ts';
import { finalize } from './finalize.ts';
import { hybridGeneticSearch } from './hgs/hgs.ts';
import type { Problem, Solution, SolveOptions } from './types.ts';

export type { Problem, Solution, SolveOptions } from './types.ts';

export function solve(problem: Problem, options: SolveOptions = {}): Solution {
  const inst = new Instance(problem);
  const unassigned: Solution['unassigned'] = [];
  const routable: number[] = [];
  for (let j = 0; j < inst.n; j++) {
    const f = jobFeasibility(inst, j);
    if (f.routable) routable.push(j);
    else unassigned.push({ job: j, reason: f.reason!, ...(f.detail ? { detail: f.detail } : {}) });
  }
  if (routable.length === 0) return { routes: [], unassigned, cost: 0 };
  const plans = hybridGeneticSearch(inst, routable, options);
  return finalize(inst, plans, unassigned);
}
