/**
 * Engine solutions kept by problem: a daily plan solves one problem per depot (and one trunk problem), and the
 * plans of one day often repeat most of them unchanged — the plan with bus legs after the plan without (only the
 * depots that lose stations to a bus change), and in the periodic plan the candidate schedules of a day (only the
 * depots of stations whose visit days move change). runEngine (engine.ts) looks the problem up before solving and
 * re-checks a kept solution with the independent checker like a fresh one.
 *
 * The key is a hash of everything the engine reads (matrices, vehicles, jobs) plus the seed and iteration cap — not
 * the seconds: the same problem given a different share of the day's budget reuses its solution (so two candidate
 * schedules differ only where their problems differ, not by the engine's run-to-run noise on the same problem).
 * Plain data (string → Solution), so worker threads can send entries back and forth (horizon/day-pool.ts).
 */
import { createHash } from 'node:crypto';
import type { Problem, Solution } from '../../solver/types.ts';

export type SolveCache = Map<string, Solution>;

/** Hash of the problem as the engine sees it, with the seed and iteration cap of the solve. */
export function problemKey(problem: Problem, seed: number, maxIterations: number | undefined): string {
  const h = createHash('sha1');
  h.update(JSON.stringify([seed, maxIterations ?? null, problem.size, problem.reloadDims ?? null]));
  h.update(JSON.stringify(problem.vehicles, finite));
  h.update(JSON.stringify(problem.jobs, finite));
  h.update(new Uint8Array(problem.distances.buffer, problem.distances.byteOffset, problem.distances.byteLength));
  h.update(new Uint8Array(problem.durations.buffer, problem.durations.byteOffset, problem.durations.byteLength));
  return h.digest('base64');
}

/** JSON writes Infinity as null: keep it apart from a real null. */
function finite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}
