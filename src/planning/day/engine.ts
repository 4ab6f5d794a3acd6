/**
 * Running the engine for the plan: one solve with progress over the day's budget, and the cross-check of the
 * engine's own solution cost against the independent checker's recomputation (src/solver/check.ts). A mismatch
 * means the engine and the checker disagree about the objective: the plan is not trusted and we throw.
 */
import type { Problem, Solution } from '../../solver/types.ts';
import { solve } from '../../solver/index.ts';
import { check, type CheckResult } from '../../solver/check.ts';
import type { DayContext } from './context.ts';
import type { TimeBudget } from './time-budget.ts';
import { problemKey } from './solve-cache.ts';

/** Relative tolerance of the engine-vs-checker cost comparison. */
export const COST_TOLERANCE = 1e-6;

/** Throw when the engine's reported cost differs from the checker's recomputation beyond COST_TOLERANCE (relative). */
export function verifyEngineCost(name: string, solution: Solution, checked: CheckResult): void {
  const engine = solution.cost;
  const checker = checked.cost;
  if (!(Math.abs(engine - checker) <= COST_TOLERANCE * Math.max(1, Math.abs(engine), Math.abs(checker)))) {
    throw new Error(
      `${name}: engine cost ${engine} differs from the checker's recomputation ${checker} (difference ${engine - checker})`,
    );
  }
}

/** Solve `problem` for `seconds`, report progress, and check the engine's cost against the checker. */
export async function runEngine(
  ctx: DayContext,
  budget: TimeBudget,
  name: string,
  problem: Problem,
  seconds: number,
): Promise<{ solution: Solution; checked: CheckResult }> {
  const { onProgress, shouldStop, seed, maxIterations, solveCache } = ctx.options;
  const key = solveCache ? problemKey(problem, seed ?? 1, maxIterations) : '';
  const kept = solveCache?.get(key);
  // A kept solution is copied: the plan's phases own their solutions.
  const solution = kept
    ? structuredClone(kept)
    : await Promise.resolve(
        solve(problem, {
          timeLimit: seconds,
          seed: seed ?? 1,
          maxIterations,
          shouldStop,
          onProgress: onProgress
            ? (p) =>
                onProgress(
                  Math.min(1, (budget.spent + Math.min(p.elapsedSeconds, seconds)) / budget.total),
                  budget.costSoFar + p.bestCost,
                )
            : undefined,
        }),
      );
  // A solve cut short by a stop request is not kept.
  if (solveCache && !kept && !shouldStop?.()) solveCache.set(key, structuredClone(solution));
  budget.spent += seconds;
  budget.costSoFar += solution.cost;
  onProgress?.(Math.min(1, budget.spent / budget.total), budget.costSoFar);
  const checked = check(problem, solution);
  verifyEngineCost(name, solution, checked);
  return { solution, checked };
}
