/**
 * Daily shared-delivery plan (共同配送) over the county warehouse and township hubs, as a pipeline of phases over one
 * typed context (context.ts). Each phase is a file; adding a phase (bus legs, carry-over) is adding a file and a
 * line below. Why each modelling choice: docs/planning.md.
 *
 *   pool → depots → assign → bus legs → spill (hubs, trunk) → time budget → trunk → delivery (trip rounds) → result
 *
 * With bus lines (bus_lines.csv) a probe plans the day without buses (busProbeTimeShare of its engine time; default
 * all of it), bus-choice.ts picks stations for bus runs from that plan, and the day is planned with them; the
 * cheaper plan is kept (a short probe that wins is planned again with the full time first), so buses never make a
 * plan dearer.
 */
import type { Scenario } from '../../model/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import type { PlanResult } from '../types.ts';
import { planningNetwork } from '../network.ts';
import { createContext, requireWarehouse } from './context.ts';
import { poolDemand } from './pool.ts';
import { findUsableDepots } from './depots.ts';
import { assignDepots } from './assign-depots.ts';
import { assignBusLegs } from './bus.ts';
import { chooseBusStations, type BusChoice } from './bus-choice.ts';
import { spillOverloadedHubs, spillTrunkOverload } from './spill.ts';
import { planTimeBudget } from './time-budget.ts';
import { planTrunk } from './trunk.ts';
import { planDeliveries } from './delivery.ts';
import { dayResult } from './result.ts';
import { sharedFleet } from '../common.ts';
import { planParams } from '../params.ts';
import type { DayPlanDetail, PlanDayOptions } from './types.ts';

export type { DayPlanDetail, EngineRun, JobInfo, PlanDayOptions } from './types.ts';
export { splitLoad } from '../demand.ts';

export async function planDay(scenario: Scenario, day: number, options: PlanDayOptions = {}): Promise<PlanResult> {
  return (await planDayDetailed(scenario, day, options)).plan;
}

export async function planDayDetailed(
  scenario: Scenario,
  day: number,
  options: PlanDayOptions = {},
): Promise<DayPlanDetail> {
  requireWarehouse(scenario);
  const matrix = options.matrix ?? (await planningNetwork(scenario)).matrix;
  if (options.noBus || !scenario.busLines || scenario.busLines.length === 0)
    return pipeline(scenario, day, options, matrix, []);
  if (options.busChoice)
    return { ...(await pipeline(scenario, day, options, matrix, options.busChoice)), busChoice: options.busChoice };
  // The plan without buses picks the bus stations: the probe (busProbeTimeShare of the day's engine time).
  const params = planParams({ ...options.params, timeLimit: options.timeLimit, maxTrips: options.maxTrips });
  const probeTime = params.busProbeTimeShare * params.timeLimit;
  const probe = await pipeline(scenario, day, probeOptions(options, probeTime, params.timeLimit), matrix, []);
  const demand = poolDemand(scenario, day, options);
  const choice = chooseBusStations(scenario, probe.plan, matrix, demand, options.fleet ?? sharedFleet(scenario));
  const full = (busChoice: BusChoice[]) => pipeline(scenario, day, half(options, 1), matrix, busChoice);
  if (choice.length === 0) return { ...(probeTime < params.timeLimit ? await full([]) : probe), busChoice: [] };
  const withBus = await full(choice);
  const busOk = withBus.plan.check?.feasible !== false;
  // Buses never make a plan dearer: when the plan with buses loses to the probe, the plan without buses gets the
  // day's full engine time too and the cheaper is kept.
  const probeFull = probeTime >= params.timeLimit;
  const withoutBus = probeFull || (busOk && withBus.exactCost <= probe.exactCost) ? probe : await full([]);
  const better = withBus.exactCost <= withoutBus.exactCost && busOk ? withBus : withoutBus;
  return {
    ...better,
    withoutBusCost: withoutBus.exactCost,
    withBusCost: withBus.exactCost,
    withoutBusKpis: withoutBus.plan.kpis,
    busChoice: better === withBus ? choice : [],
  };
}

/**
 * The probe: the day without buses in `seconds` of engine time, progress as the first half. A short probe does not
 * use the day's solve cache (its solutions are short ones); a full one (busProbeTimeShare 1) does.
 */
function probeOptions(options: PlanDayOptions, seconds: number, full: number): PlanDayOptions {
  if (seconds >= full) return half(options, 0);
  return {
    ...half(options, 0),
    timeLimit: seconds,
    params: { ...options.params, timeLimit: seconds },
    solveCache: undefined,
  };
}

/** Progress of the first (k = 0) or second (k = 1) plan of a day with bus lines, as halves of the whole. */
function half(options: PlanDayOptions, k: number): PlanDayOptions {
  const report = options.onProgress;
  return report ? { ...options, onProgress: (f, cost) => report((k + f) / 2, cost) } : options;
}

async function pipeline(
  scenario: Scenario,
  day: number,
  options: PlanDayOptions,
  matrix: TravelMatrix,
  busChoice: BusChoice[],
): Promise<DayPlanDetail> {
  const demand = poolDemand(scenario, day, options);
  const ctx = createContext(scenario, day, options, matrix, demand);
  ctx.busChoice = busChoice;
  findUsableDepots(ctx);
  assignDepots(ctx);
  assignBusLegs(ctx);
  spillOverloadedHubs(ctx);
  spillTrunkOverload(ctx);
  const budget = planTimeBudget(ctx);
  await planTrunk(ctx, budget);
  await planDeliveries(ctx, budget);
  return dayResult(ctx);
}
