/**
 * Who plans the horizon's days. The day plans of one schedule are independent of each other (each gets its own
 * rows), and so are the aligned and sweep schedules: they run on PlanParams.horizonThreads worker threads
 * (day-worker.ts, src/util/thread-pool.ts; 0 = one per core), or in this thread, one after another, with 1.
 *
 * Either way a day's plan reuses that day's kept engine solutions (ctx.solveCaches, solve-cache.ts): a worker gets
 * them with the task and sends back what it added. With an iteration cap (maxIterations) and a seed the plans are
 * the same as in this thread; with a time limit each solve has its own clock as before.
 */
import os from 'node:os';
import type { DemandRow, Scenario } from '../../model/types.ts';
import type { Solution } from '../../solver/types.ts';
import type { TravelMatrix } from '../../network/types.ts';
import { ThreadPool } from '../../util/thread-pool.ts';
import { planDayDetailed } from '../day/index.ts';
import type { DayPlanDetail, PlanDayOptions } from '../day/types.ts';
import type { HorizonContext } from './context.ts';
import type { BusChoice } from '../day/bus-choice.ts';

/** What every day thread gets once: the options without callbacks, the matrix in shared memory, a stop flag. */
export interface DayPoolInit {
  scenario: Scenario;
  matrix: TravelMatrix;
  options: PlanDayOptions;
  stop: SharedArrayBuffer;
}

export interface DayTask {
  day: number;
  rows: DemandRow[];
  busChoice?: BusChoice[];
  cache: Array<[string, Solution]>;
}

export interface DayReply {
  detail: Omit<DayPlanDetail, 'matrix'>;
  cache: Array<[string, Solution]>;
}

export interface DayRunner {
  /** Plan `day` with these rows; `progress` gets the day's fraction done and the engine's best cost. */
  plan(
    day: number,
    rows: DemandRow[],
    progress?: (fraction: number, cost: number) => void,
    busChoice?: BusChoice[],
  ): Promise<DayPlanDetail>;
  close(): Promise<void>;
}

/** Threads for `tasks` day plans: horizonThreads (0 = available cores), never more than the tasks. */
export function dayThreads(ctx: HorizonContext, tasks: number): number {
  const wanted = ctx.params.horizonThreads === 0 ? os.availableParallelism() : ctx.params.horizonThreads;
  return Math.max(1, Math.min(wanted, tasks));
}

export function openDayRunner(ctx: HorizonContext, threads: number): DayRunner {
  return threads <= 1 ? inThread(ctx) : inPool(ctx, threads);
}

/** One day after another in this thread (a chain, so concurrent calls do not interleave their solves). */
function inThread(ctx: HorizonContext): DayRunner {
  let chain: Promise<unknown> = Promise.resolve();
  return {
    plan(day, rows, progress, busChoice) {
      const run = chain.then(() =>
        planDayDetailed(ctx.scenario, day, {
          ...ctx.options,
          matrix: ctx.matrix,
          rows,
          busChoice,
          solveCache: ctx.solveCaches[day],
          onProgress: progress,
        }),
      );
      chain = run.catch(() => undefined);
      return run;
    },
    close: async () => undefined,
  };
}

function inPool(ctx: HorizonContext, threads: number): DayRunner {
  const stop = new SharedArrayBuffer(4);
  const { shouldStop } = ctx.options;
  // Callbacks (progress, stop, log) stay here; the matrix goes in shared memory; days bring their own rows.
  const plain = Object.entries(ctx.options).filter(([k, v]) => typeof v !== 'function' && k !== 'matrix');
  const init: DayPoolInit = {
    scenario: { ...ctx.scenario, roads: { format: 'none' }, demand: [] },
    matrix: sharedMatrix(ctx.matrix),
    options: { ...(Object.fromEntries(plain) as PlanDayOptions), params: ctx.params },
    stop,
  };
  const pool = new ThreadPool<DayTask, DayReply>(new URL('./day-worker.ts', import.meta.url), threads, init);
  // A stop request reaches the threads through the shared flag.
  const poll = setInterval(() => shouldStop?.() && Atomics.store(new Int32Array(stop), 0, 1), 100);
  poll.unref();
  return {
    async plan(day, rows, progress, busChoice) {
      const cache = ctx.solveCaches[day];
      const reply = await pool.run({ day, rows, busChoice, cache: [...cache] });
      for (const [k, s] of reply.cache) if (!cache.has(k)) cache.set(k, s);
      progress?.(1, reply.detail.exactCost);
      return { ...reply.detail, matrix: ctx.matrix };
    },
    async close() {
      clearInterval(poll);
      await pool.close();
    },
  };
}

/** The matrix with its two arrays in shared memory (copied once, not once per thread). */
function sharedMatrix(m: TravelMatrix): TravelMatrix {
  const share = (a: Float64Array) => {
    if (a.buffer instanceof SharedArrayBuffer) return a;
    const out = new Float64Array(new SharedArrayBuffer(a.byteLength));
    out.set(a);
    return out;
  };
  return { ...m, distanceM: share(m.distanceM), durationS: share(m.durationS) };
}
