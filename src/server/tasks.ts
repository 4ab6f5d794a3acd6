/**
 * What a job worker computes. Runs inside the worker thread; knows the planning API, not HTTP.
 */
import type { PlanResult } from '../planning/types.ts';
import { planRequest } from '../planning/request.ts';
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
  return planRequest(
    scenario,
    {
      day: params.day,
      mode: params.mode,
      horizon: params.horizon,
      timeLimit: params.timeLimit,
      seed: params.seed,
      maxIterations: params.maxIterations,
      noBus: params.noBus,
      params: params.rounds ? { engineTrips: 0 } : undefined,
    },
    {
      matrix,
      shouldStop: hooks.shouldStop,
      onProgress: (fraction, bestCost) => hooks.onProgress(MATRIX_SHARE + (1 - MATRIX_SHARE) * fraction, bestCost),
    },
  );
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
