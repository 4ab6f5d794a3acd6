/**
 * What a job worker computes. Runs inside the worker thread; knows the planning API, not HTTP.
 */
import type { PlanResult } from '../planning/types.ts';
import { planDay } from '../planning/day.ts';
import { emptyPlan } from '../planning/common.ts';
import { compareDetailed, compareSharedVsSeparate } from '../planning/compare.ts';
import { planHorizon } from '../planning/horizon.ts';
import { planningNetwork } from '../planning/network.ts';
import { locateHubs } from '../planning/hubs.ts';
import type { HubJobParams, PlanJobParams, WorkerTask } from './protocol.ts';
import type { Scenario } from '../model/types.ts';

export interface TaskHooks {
  onProgress(fraction: number, bestCost?: number | null): void;
  shouldStop(): boolean;
}

/** Share of the progress bar given to the travel matrix (it is cached on disk after the first run). */
const MATRIX_SHARE = 0.1;

export async function runTask(task: WorkerTask, hooks: TaskHooks): Promise<unknown> {
  if (task.kind === 'plan') return runPlan(task.scenario, task.params, hooks);
  if (task.kind === 'hubs') return runHubs(task.scenario, task.params, hooks);
  throw new Error(`unknown job kind "${(task as { kind: string }).kind}"`);
}

async function runPlan(scenario: Scenario, params: PlanJobParams, hooks: TaskHooks): Promise<PlanResult> {
  const { matrix } = await planningNetwork(scenario, { onProgress: (f) => hooks.onProgress(f * MATRIX_SHARE, null) });
  hooks.onProgress(MATRIX_SHARE, null);
  const options = {
    matrix,
    timeLimit: params.timeLimit,
    seed: params.seed,
    shouldStop: hooks.shouldStop,
    // The engine's best cost is the plan's cost only for a single shared day; compare and horizon runs report the
    // cost of whichever sub-plan is solving, which would mislead as "best so far": send progress only.
    onProgress: (fraction: number, bestCost: number) =>
      hooks.onProgress(MATRIX_SHARE + (1 - MATRIX_SHARE) * fraction, params.mode === 'shared' && params.horizon === undefined ? bestCost : null),
  };
  if (params.horizon !== undefined) {
    // Periodic plan: the stored plan is the requested day of the N-day schedule, with the horizon summary.
    const detail = await planHorizon(scenario, params.horizon, options);
    const dayPlan = detail.dayPlans[params.day - 1] ?? emptyPlan(params.day, matrix.estimated);
    return { ...dayPlan, day: params.day, horizon: detail.horizon };
  }
  if (params.mode === 'compare') return compareSharedVsSeparate(scenario, params.day, options);
  if (params.mode === 'separate') {
    // The baseline alone: every carrier's own plan, routes side by side (vehicle ids prefixed by carrier).
    const detail = await compareDetailed(scenario, params.day, options);
    const separateKpis = detail.plan.compare?.separate ?? detail.plan.kpis;
    return {
      ...detail.plan,
      mode: 'separate',
      kpis: separateKpis,
      routes: detail.separate.flatMap((c) => c.plan.routes.map((r) => ({ ...r, vehicle: `${c.carrierId}:${r.vehicle}` }))),
      unassigned: detail.separate.flatMap((c) => c.plan.unassigned.map((u) => ({ ...u, detail: `${c.carrierId}: ${u.detail ?? u.reason}` }))),
      check: mergeChecks(detail.separate.map((c) => c.plan.check)),
    };
  }
  return planDay(scenario, params.day, options);
}

async function runHubs(scenario: Scenario, params: HubJobParams, hooks: TaskHooks): Promise<unknown> {
  hooks.onProgress(0.02, null);
  let step = 0;
  const result = await locateHubs(scenario, {
    model: params.model,
    p: params.p,
    maxMinutes: params.maxMinutes,
    pinned: params.pinned,
    banned: params.banned,
    fixedCost: params.fixedCost,
    capacity: params.capacity,
    planTimeLimit: params.timeLimit,
    // locateHubs reports phases as text; turn them into a coarse progress.
    log: () => hooks.onProgress(Math.min(0.95, 0.1 + 0.15 * ++step), null),
  });
  return result;
}

function mergeChecks(checks: Array<PlanResult['check']>): PlanResult['check'] {
  if (checks.some((c) => c === undefined)) return undefined;
  return { feasible: checks.every((c) => c!.feasible), violations: checks.flatMap((c) => c!.violations) };
}

