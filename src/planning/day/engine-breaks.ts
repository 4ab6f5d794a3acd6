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
 *    the reloads that fit, the one with the least cost is taken;
 * 4. only when no reload fits: at a stop on the way, after its service (from max(its departure, window open)); the
 *    rest of the trip and the later trips move as in 3. The break is then inside the trip (paid as trip time).
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

/**
 * A vehicle-day's trips with its break: start and end (seconds), the trip it is shown on (index) and, for a break on
 * the way, the position in that trip's jobs after which it is taken.
 */
export interface DayWithBreak {
  trips: Trip[];
  brk: { start: number; end: number; host: number; afterJob?: number } | null;
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
  const slots: Array<{ k: number; pos: number; free: number }> = [];
  for (let k = 0; k + 1 < trips.length; k++) slots.push({ k: k + 1, pos: 0, free: trips[k].sched.returnTime });
  return cheapest(jobs, v, row, trips, slots) ?? cheapest(jobs, v, row, trips, stopSlots(jobs, trips));
}

/**
 * After each stop's service: trip k, the jobs from pos on move, the vehicle is free from `free`. Not between two jobs
 * at the same place (one stop of the plan).
 */
function stopSlots(jobs: Job[], trips: Trip[]): Array<{ k: number; pos: number; free: number }> {
  return trips.flatMap((t, k) =>
    t.sched.departures
      .map((free, p) => ({ k, pos: p + 1, free }))
      .filter(({ pos }) => pos >= t.jobs.length || jobs[t.jobs[pos]].location !== jobs[t.jobs[pos - 1]].location),
  );
}

/** The cheapest placement of the break among `slots` (a slot at pos 0 is a reload before trip k), or null. */
function cheapest(
  jobs: Job[],
  v: VehicleType,
  row: FleetRow,
  trips: Trip[],
  slots: Array<{ k: number; pos: number; free: number }>,
): DayWithBreak | null {
  const rule = breakRule(row)!;
  let best: DayWithBreak | null = null;
  let bestCost = Infinity;
  for (const { k, pos, free } of slots) {
    const start = Math.max(free, rule.open);
    if (start + rule.seconds > rule.close) continue;
    const shifted = delayTrips(jobs, v, trips, k, start + rule.seconds - free, pos);
    if (!shifted || !withinDay(row, shifted)) continue;
    const cost = shifted.reduce((a, t) => a + t.sched.cost, 0);
    if (cost < bestCost) {
      bestCost = cost;
      const end = start + rule.seconds;
      best = {
        trips: shifted,
        brk: pos === 0 ? { start, end, host: k - 1 } : { start, end, host: k, afterJob: pos - 1 },
      };
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

/**
 * Trips `from`… leaving `delay` seconds later (waiting at a stop absorbs it); with `fromPos` > 0, trip `from` keeps its
 * departure and first fromPos jobs and only the rest moves. Null when a window is missed.
 */
export function delayTrips(
  jobs: Job[],
  v: VehicleType,
  trips: Trip[],
  from: number,
  delay: number,
  fromPos = 0,
): Trip[] | null {
  const out = trips.slice(0, from);
  let d = delay;
  for (const [i, t] of trips.slice(from).entries()) {
    const s = t.sched;
    const keep = i === 0 ? fromPos : 0;
    const departure = keep > 0 ? s.departure : s.departure + d;
    const serviceStarts: number[] = s.serviceStarts.slice(0, keep);
    const arrivals: number[] = s.arrivals.slice(0, keep);
    const departures: number[] = s.departures.slice(0, keep);
    for (const [pos, j] of t.jobs.entries()) {
      if (pos < keep) continue;
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
