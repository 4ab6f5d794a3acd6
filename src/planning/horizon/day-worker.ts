/**
 * Thread entry of the horizon's day pool (day-pool.ts): plans one day of a schedule per task with the scenario,
 * travel matrix and options it received once. The task carries that day's kept engine solutions (solve-cache.ts);
 * the reply carries the plan and the solutions the day added.
 */
import { serveThreadTasks } from '../../util/thread-pool.ts';
import { planDayDetailed } from '../day/index.ts';
import type { DayPoolInit, DayTask, DayReply } from './day-pool.ts';

serveThreadTasks<DayPoolInit, DayTask, DayReply>((init) => {
  const stop = new Int32Array(init.stop);
  const options = { ...init.options, matrix: init.matrix, shouldStop: () => Atomics.load(stop, 0) === 1 };
  return async (task) => {
    const solveCache = new Map(task.cache);
    const known = new Set(solveCache.keys());
    const { matrix: _shared, ...detail } = await planDayDetailed(init.scenario, task.day, {
      ...options,
      rows: task.rows,
      busChoice: task.busChoice,
      solveCache,
    });
    return { detail, cache: [...solveCache].filter(([k]) => !known.has(k)) };
  };
});
