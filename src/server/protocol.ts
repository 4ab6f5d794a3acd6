/**
 * Messages between the job runner (main thread) and a job worker thread. Plain structured-clone data.
 */
import type { Scenario } from '../model/types.ts';

export interface PlanJobParams {
  day: number;
  mode: 'shared' | 'separate' | 'compare';
  /** Days of a periodic (N-day service limit) plan; absent = a single day. */
  horizon?: number;
  /** Seconds for the routing engine. */
  timeLimit?: number;
  seed?: number;
  /** Engine iteration cap per solve (reproducible plans; see src/planning/request.ts). */
  maxIterations?: number;
  /** Plan without passenger-bus legs (as `plan --no-bus`). */
  noBus?: boolean;
  /** Trips as greedy rounds instead of inside the engine (as `plan --rounds`; PlanParams.engineTrips = 0). */
  rounds?: boolean;
}

export interface HubJobParams {
  model: 'p-median' | 'set-cover' | 'capacitated';
  p?: number;
  maxMinutes?: number;
  pinned?: string[];
  banned?: string[];
  timeLimit?: number;
  /** capacitated model: opening cost per day and capacity (parcels/day), one number or per candidate id. */
  fixedCost?: number | Record<string, number>;
  capacity?: number | Record<string, number>;
}

export type WorkerTask =
  | { kind: 'plan'; scenarioId: string; scenario: Scenario; params: PlanJobParams }
  | { kind: 'hubs'; scenarioId: string; scenario: Scenario; params: HubJobParams };

export interface WorkerInput {
  /** file: URL of the TypeScript worker module (loaded by worker-boot.mjs). */
  entry: string;
}

/** The one message a worker gets: its task. */
export interface WorkerRun {
  type: 'run';
  task: WorkerTask;
  /** Int32Array[1] over a SharedArrayBuffer: 1 = stop now (cancel). */
  stop: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; fraction: number; bestCost: number | null }
  | { type: 'result'; result: unknown }
  | { type: 'error'; message: string };
