/**
 * The one plan request: what `gongpei plan` and the server's plan job both call, so the CLI and the API give the
 * same plan for the same request. Modes:
 * - shared (default): the day's shared plan; with `horizon`, day `day` of the N-day periodic schedule, with the
 *   horizon summary;
 * - compare: the shared plan (or the horizon day) plus the comparison with each carrier alone on that day;
 * - separate: each carrier alone (the baseline only: the shared plan is not solved). Not with `horizon` (the
 *   periodic schedule is a shared plan).
 */
import type { Scenario } from '../model/types.ts';
import type { TravelMatrix } from '../network/types.ts';
import type { PlanResult } from './types.ts';
import type { PlanParams } from './params.ts';
import { planDay } from './day.ts';
import { planHorizon } from './horizon.ts';
import { compareSharedVsSeparate, planSeparate } from './compare.ts';
import { emptyPlan } from './common.ts';

export type PlanMode = PlanResult['mode'];

export interface PlanRequest {
  /** 1-based day of demand.csv (and of the horizon). */
  day: number;
  mode?: PlanMode;
  /** Days of the periodic schedule; the plan is day `day` of it. */
  horizon?: number;
  /** Engine seconds per daily plan. */
  timeLimit?: number;
  seed?: number;
  /** Engine iteration cap per solve: with the seed, the same plan on any machine (CLI --iterations). */
  maxIterations?: number;
  /** Planner tuning numbers (PlanParams), range-checked. */
  params?: Partial<PlanParams>;
  /** Plan without passenger-bus legs even when the scenario has bus lines (CLI --no-bus). */
  noBus?: boolean;
}

export interface PlanRequestContext {
  matrix: TravelMatrix;
  /** fraction 0..1, and the best cost so far when it is the plan's own cost (a single shared day), else null. */
  onProgress?: (fraction: number, bestCost: number | null) => void;
  shouldStop?: () => boolean;
  /** Progress text (e.g. the horizon's chosen schedule). */
  log?: (text: string) => void;
}

/** A request that cannot be planned: the message names the field. */
export class PlanRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanRequestError';
  }
}

export function validatePlanRequest(request: PlanRequest): void {
  const { day, horizon, mode = 'shared' } = request;
  if (!Number.isInteger(day) || day < 1)
    throw new PlanRequestError(`day: expected a positive whole number, got ${day}`);
  if (horizon !== undefined && (!Number.isInteger(horizon) || horizon < 1))
    throw new PlanRequestError(`horizon: expected a positive whole number, got ${horizon}`);
  if (horizon !== undefined && day > horizon)
    throw new PlanRequestError(`day: day ${day} lies outside the horizon of ${horizon} days`);
  if (!['shared', 'separate', 'compare'].includes(mode))
    throw new PlanRequestError(`mode: expected shared, separate or compare, got "${mode}"`);
  if (mode === 'separate' && horizon !== undefined) {
    throw new PlanRequestError(
      'mode: separate cannot be combined with horizon (the periodic schedule is a shared plan); use mode compare for the baseline',
    );
  }
  if (request.maxIterations !== undefined && (!Number.isInteger(request.maxIterations) || request.maxIterations < 1)) {
    throw new PlanRequestError(`maxIterations: expected a positive whole number, got ${request.maxIterations}`);
  }
  if (request.timeLimit !== undefined && !(request.timeLimit > 0))
    throw new PlanRequestError(`timeLimit: expected a positive number of seconds, got ${request.timeLimit}`);
}

export async function planRequest(
  scenario: Scenario,
  request: PlanRequest,
  context: PlanRequestContext,
): Promise<PlanResult> {
  validatePlanRequest(request);
  const { day, horizon, mode = 'shared' } = request;
  const ownCost = mode === 'shared' && horizon === undefined;
  const options = {
    matrix: context.matrix,
    timeLimit: request.timeLimit,
    seed: request.seed,
    maxIterations: request.maxIterations,
    params: request.params,
    noBus: request.noBus,
    log: context.log,
    shouldStop: context.shouldStop,
    // The engine's best cost is the plan's cost only for a single shared day; compare, separate and horizon runs
    // report the cost of whichever sub-plan is solving, which would mislead as "best so far".
    onProgress: context.onProgress
      ? (f: number, cost: number) => context.onProgress!(f, ownCost ? cost : null)
      : undefined,
  };
  if (horizon === undefined) {
    if (mode === 'compare') return compareSharedVsSeparate(scenario, day, options);
    if (mode === 'separate') return planSeparate(scenario, day, options);
    return planDay(scenario, day, options);
  }
  const detail = await planHorizon(scenario, horizon, options);
  context.log?.(
    `horizon ${horizon} days: ${detail.periodicKept ? `periodic schedule (${detail.strategy})` : 'every-day schedule kept'}, total ${detail.horizon.totalCost} vs every-day ${detail.horizon.everyDayCost}`,
  );
  // A day on which the schedule visits nobody is an empty plan (its parcels wait for a later visit).
  let plan: PlanResult = {
    ...(detail.dayPlans[day - 1] ?? emptyPlan(day, context.matrix.estimated)),
    day,
    horizon: detail.horizon,
  };
  if (mode === 'compare') {
    const compared = await compareSharedVsSeparate(scenario, day, { ...options, onProgress: undefined });
    plan = { ...plan, mode: 'compare', compare: compared.compare };
  }
  return plan;
}
