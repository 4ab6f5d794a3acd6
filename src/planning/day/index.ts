/**
 * Daily shared-delivery plan (共同配送) over the county warehouse and township hubs, as a pipeline of phases over one
 * typed context (context.ts). Each phase is a file; adding a phase (bus legs, carry-over) is adding a file and a
 * line below. Why each modelling choice: docs/planning.md.
 *
 *   pool → depots → assign → spill (hubs, trunk) → time budget → trunk → delivery (trip rounds) → result
 */
import type { Scenario } from '../../model/types.ts';
import type { PlanResult } from '../types.ts';
import { planningNetwork } from '../network.ts';
import { createContext, requireWarehouse } from './context.ts';
import { poolDemand } from './pool.ts';
import { findUsableDepots } from './depots.ts';
import { assignDepots } from './assign-depots.ts';
import { spillOverloadedHubs, spillTrunkOverload } from './spill.ts';
import { planTimeBudget } from './time-budget.ts';
import { planTrunk } from './trunk.ts';
import { planDeliveries } from './delivery.ts';
import { dayResult } from './result.ts';
import type { DayPlanDetail, PlanDayOptions } from './types.ts';

export type { DayPlanDetail, EngineRun, JobInfo, PlanDayOptions } from './types.ts';
export { splitLoad } from '../demand.ts';

export async function planDay(scenario: Scenario, day: number, options: PlanDayOptions = {}): Promise<PlanResult> {
  return (await planDayDetailed(scenario, day, options)).plan;
}

export async function planDayDetailed(scenario: Scenario, day: number, options: PlanDayOptions = {}): Promise<DayPlanDetail> {
  requireWarehouse(scenario);
  const demand = poolDemand(scenario, day, options);
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  const ctx = createContext(scenario, day, options, matrix, demand);
  findUsableDepots(ctx);
  assignDepots(ctx);
  spillOverloadedHubs(ctx);
  spillTrunkOverload(ctx);
  const budget = planTimeBudget(ctx);
  await planTrunk(ctx, budget);
  await planDeliveries(ctx, budget);
  return dayResult(ctx);
}
