/**
 * The lunch break with engine trips (fleet.csv break_minutes, break_window): the engine has no break, so the
 * schedule places it after the solve, as a fixed pause at the depot. The engine leaves room for it at the end of the
 * shift (a vehicle with a break gets its shift end moved earlier by the break, engine-trips.ts). Per vehicle-day, the
 * first of these that fits is taken:
 * 1. before the first trip (window open → break end ≤ first departure), nothing moves;
 * 2. after the last trip (from max(last return, window open)), nothing moves;
 * 3. at a reload: after trip k the vehicle takes its break at max(return, window open), then reloads; trips k+1…
 *    leave later by that delay, which waiting at a stop may absorb. Every stop must still start inside its time
 *    window, the last return stay inside the shift and first departure → last return within max_work_minutes; of
 *    the reloads that fit, the one with the least cost is taken.
 * A vehicle-day where none fits returns null: the depot is then planned in greedy rounds (delivery.ts), with a
 * note in the plan.
 */
import type { FleetRow } from '../../model/types.ts';
import type { Job, VehicleType } from '../../solver/types.ts';
import type { RouteSchedule } from '../common.ts';
import { parseClock } from '../../util/time.ts';
import { breakRule } from './working-time.ts';

export interface Trip {
  jobs: number[];
  sched: RouteSchedule;
}

/** A vehicle-day's trips with its break: start and end (seconds) and the trip it is shown on (index). */
export interface DayWithBreak {
  trips: Trip[];
  brk: { start: number; end: number; host: number } | null;
}

/** Seconds the engine keeps free for the break of a vehicle of this row (0 without a break). */
export function breakReserve(row: FleetRow): number {
  return breakRule(row)?.seconds ?? 0;
}

/** The vehicle-day with its break placed (see the header), or null when it cannot be placed. */
export function placeEngineBreak(jobs: Job[], v: VehicleType, row: FleetRow, trips: Trip[]): DayWithBreak | null {
  const rule = breakRule(row);
  if (!rule || trips.length === 0) return { trips, brk: null };
  const first = trips[0].sched.departure;
  const last = trips[trips.length - 1].sched.returnTime;
  const before = Math.max(rule.open, parseClock(row.shiftStart));
  if (before + rule.seconds <= Math.min(first, rule.close))
    return { trips, brk: { start: before, end: before + rule.seconds, host: 0 } };
  const after = Math.max(last, rule.open);
  if (after + rule.seconds <= rule.close)
    return { trips, brk: { start: after, end: after + rule.seconds, host: trips.length - 1 } };
  let best: DayWithBreak | null = null;
  let bestCost = Infinity;
  for (let k = 0; k + 1 < trips.length; k++) {
    const back = trips[k].sched.returnTime;
    const start = Math.max(back, rule.open);
    if (start + rule.seconds > rule.close) continue;
    const shifted = delayTrips(jobs, v, trips, k + 1, start + rule.seconds - back);
    if (!shifted || !withinDay(row, shifted)) continue;
    const cost = shifted.reduce((a, t) => a + t.sched.cost, 0);
    if (cost < bestCost) {
      bestCost = cost;
      best = { trips: shifted, brk: { start, end: start + rule.seconds, host: k } };
    }
  }
  return best;
}

/** Start of service at `arrival` under the job's windows (the first window not closed yet), or null. */
function serviceStart(job: Job, arrival: number): number | null {
  if (job.timeWindows.length === 0) return arrival;
  const w = job.timeWindows.find(([, close]) => close >= arrival);
  return w ? Math.max(arrival, w[0]) : null;
}

/** Trips `from`… leaving `delay` seconds later (waiting at a stop absorbs it); null when a window is missed. */
export function delayTrips(jobs: Job[], v: VehicleType, trips: Trip[], from: number, delay: number): Trip[] | null {
  const out = trips.slice(0, from);
  let d = delay;
  for (const t of trips.slice(from)) {
    const s = t.sched;
    const departure = s.departure + d;
    const serviceStarts: number[] = [];
    const arrivals: number[] = [];
    const departures: number[] = [];
    for (const [pos, j] of t.jobs.entries()) {
      const arrival = s.arrivals[pos] + d;
      const start = serviceStart(jobs[j], arrival);
      if (start === null) return null;
      d = start - s.serviceStarts[pos];
      arrivals.push(arrival);
      serviceStarts.push(start);
      departures.push(s.departures[pos] + d);
    }
    const returnTime = s.returnTime + d;
    const duration = returnTime - departure;
    const cost = s.cost + v.costPerDuration * (duration - s.duration);
    out.push({
      jobs: t.jobs,
      sched: { ...s, departure, returnTime, duration, cost, arrivals, serviceStarts, departures },
    });
  }
  return out;
}

/** Last return inside the shift and first departure → last return within max_work_minutes. */
function withinDay(row: FleetRow, trips: Trip[]): boolean {
  const first = trips[0].sched.departure;
  const last = trips[trips.length - 1].sched.returnTime;
  if (last > parseClock(row.shiftEnd)) return false;
  return !row.maxWorkMinutes || last - first <= row.maxWorkMinutes * 60;
}
