/**
 * The `coverage` job of the queue: a county's day plan and its coverage scorecard in one job (the
 * scorecard's service indicators need the plan, and both need the same travel matrix).
 */
import type { Scenario } from '../../model/types.ts';
import type { PlanResult } from '../../planning/types.ts';
import { planningNetwork } from '../../planning/network.ts';
import { planDay } from '../../planning/day.ts';
import { coverage, type CoverageResult } from '../../planning/coverage.ts';
import type { TaskHooks } from '../tasks.ts';

export interface CoverageJobParams {
  day: number;
  /** Seconds for the routing engine. */
  timeLimit?: number;
  seed?: number;
}

export interface CoverageJobResult {
  plan: PlanResult;
  coverage: CoverageResult;
}

const MATRIX_SHARE = 0.2;

export async function runCoverageTask(
  scenario: Scenario,
  params: CoverageJobParams,
  hooks: TaskHooks,
): Promise<CoverageJobResult> {
  const { matrix } = await planningNetwork(scenario, { onProgress: (f) => hooks.onProgress(f * MATRIX_SHARE, null) });
  const plan = await planDay(scenario, params.day, {
    matrix,
    timeLimit: params.timeLimit,
    seed: params.seed,
    shouldStop: hooks.shouldStop,
    onProgress: (f, best) => hooks.onProgress(MATRIX_SHARE + (1 - MATRIX_SHARE) * 0.95 * f, best),
  });
  const scorecard = coverage(scenario, { plan, matrix });
  hooks.onProgress(1, plan.kpis.totalCost);
  return { plan, coverage: scorecard };
}
