/**
 * Public types of the daily plan: its options, the engine runs it made and the detailed result.
 */
import type { DemandRow, FleetRow } from '../../model/types.ts';
import type { Problem, Solution } from '../../solver/types.ts';
import type { CheckResult } from '../../solver/check.ts';
import type { TravelMatrix } from '../../network/types.ts';
import type { PlanResult } from '../types.ts';
import type { Load } from '../demand.ts';
import type { PlanParams } from '../params.ts';
import type { SolveCache } from './solve-cache.ts';
import type { BusChoice } from './bus-choice.ts';

export interface PlanDayOptions {
  /** Engine seconds for the whole day (split over the trunk and depot problems by size). Default 3 (PlanParams). */
  timeLimit?: number;
  seed?: number;
  /** Engine iteration cap per solve (with the seed: a reproducible plan whatever the machine's speed). */
  maxIterations?: number;
  /** fraction 0..1 of the engine budget spent, best total cost so far. */
  onProgress?: (fraction: number, bestCost: number) => void;
  shouldStop?: () => boolean;
  /** stationId → depot place id (warehouse or hub): overrides the nearest-depot default. */
  assignment?: Record<string, string>;
  /** Precomputed travel matrix over the scenario's places (default: scenarioMatrix(scenario)). */
  matrix?: TravelMatrix;
  /** Demand rows to plan instead of the scenario's rows of `day` (the horizon planner passes accumulated loads). */
  rows?: DemandRow[];
  /** Fleet rows to use (default: the shared fleet = rows without carrierId, or all rows if every row has one). */
  fleet?: FleetRow[];
  /** Plan only these carriers' parcels (the separate baseline). */
  carriers?: string[];
  /** Trips per delivery vehicle (reload at the depot between trips). Default 3 (PlanParams). */
  maxTrips?: number;
  /** Plan without passenger-bus legs even when the scenario has bus lines (CLI --no-bus). */
  noBus?: boolean;
  /** Planner tuning numbers (src/planning/params.ts); timeLimit / maxTrips above win over the same fields here. */
  params?: Partial<PlanParams>;
  /** Engine solutions by problem (solve-cache.ts), shared by plans of one day that repeat depot problems. */
  solveCache?: SolveCache;
  /**
   * Stations on bus runs decided beforehand (the horizon passes its every-day plan's): the day is planned once, with
   * them (bus.ts re-checks capacity and timetable), without the plan without buses that would pick them.
   */
  busChoice?: BusChoice[];
}

/** Which part of a station (or hub) an engine job carries. */
export type JobPart = 'normal' | 'cold' | 'trunk';

/** Per engine job: station (or hub) id, part and the job's load (with its parcels per carrier). */
export interface JobInfo {
  placeId: string;
  part: JobPart;
  load: Load;
}

/** One engine problem of the plan with its solution (for the checker, the upstream cost and tests). */
export interface EngineRun {
  name: string;
  depot: string;
  kind: 'trunk' | 'delivery';
  problem: Problem;
  solution: Solution;
  jobInfo: JobInfo[];
  /** The independent checker's verdict on the solution (its schedules and cost are the plan's). */
  checked: CheckResult;
}

export interface DayPlanDetail {
  plan: PlanResult;
  runs: EngineRun[];
  matrix: TravelMatrix;
  /** Station → depot it was assigned to (normal part). */
  assignment: Map<string, string>;
  /** Exact (unrounded) total cost (vans, trunks and bus legs). */
  exactCost: number;
  /** With bus lines: exact cost of the plan without buses and of the plan with the chosen bus legs (the cheaper is kept). */
  withoutBusCost?: number;
  withBusCost?: number;
  /** With bus lines: the KPIs of the plan without buses (compare shows both). */
  withoutBusKpis?: PlanResult['kpis'];
  /** With bus lines: the stations on bus runs in the kept plan (empty when the plan without buses was kept). */
  busChoice?: BusChoice[];
}

/** A station's part waiting for a depot's delivery problem. */
export interface JobSpec {
  stationId: string;
  part: 'normal' | 'cold';
  load: Load;
  /** Service limit (days) of the station. */
  limit: number;
}

export type DepotStatus = { usable: true } | { usable: false; reason: string; detail: string };
