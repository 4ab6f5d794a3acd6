/**
 * Working time of a vehicle-day (fleet.csv max_work_minutes, break_minutes, break_window, max_km): the limits of
 * its next trip given what it has done so far, and where its lunch break goes. The break is taken at the depot,
 * in an idle gap inside its window (before the first trip, between trips, or after the last): a vehicle that has
 * not had its break must be back by window end − break, so the break always fits after its return.
 */
import type { FleetRow } from '../../model/types.ts';
import { parseClock } from '../../util/time.ts';

/** A vehicle-day so far: first departure, last return, metres driven, break start (seconds; null = not yet). */
export interface WorkState {
  firstDeparture: number | null;
  lastReturn: number | null;
  metres: number;
  breakAt: number | null;
}

export function freshWork(): WorkState {
  return { firstDeparture: null, lastReturn: null, metres: 0, breakAt: null };
}

interface BreakRule {
  seconds: number;
  open: number;
  close: number;
}

export function breakRule(row: FleetRow): BreakRule | null {
  if (!row.breakMinutes || !row.breakWindow) return null;
  return {
    seconds: row.breakMinutes * 60,
    open: parseClock(row.breakWindow.start),
    close: parseClock(row.breakWindow.end),
  };
}

/** Start of a break that fits after `lastReturn` and before `departure` inside the window, or null. */
function breakBefore(rule: BreakRule, lastReturn: number | null, departure: number): number | null {
  const start = Math.max(lastReturn ?? -Infinity, rule.open);
  return start + rule.seconds <= Math.min(departure, rule.close) ? start : null;
}

/** Engine limits of the vehicle's next trip when it is ready at `ready`. */
export function tripLimits(
  row: FleetRow,
  work: WorkState,
  ready: number,
): { twEnd: number; maxDuration: number; maxDistance: number } {
  let twEnd = parseClock(row.shiftEnd);
  const maxWork = row.maxWorkMinutes ? row.maxWorkMinutes * 60 : Infinity;
  let maxDuration = Infinity;
  if (work.firstDeparture === null) maxDuration = maxWork;
  else twEnd = Math.min(twEnd, work.firstDeparture + maxWork);
  const rule = breakRule(row);
  if (rule && work.breakAt === null && breakBefore(rule, work.lastReturn, ready) === null)
    twEnd = Math.min(twEnd, rule.close - rule.seconds);
  const maxDistance =
    row.maxKm === null || row.maxKm === undefined ? Infinity : Math.max(0, row.maxKm * 1000 - work.metres);
  return { twEnd, maxDuration, maxDistance };
}

/** Record a trip [departure, returnTime] of `metres`; returns when the vehicle is next free (before reloading). */
export function recordTrip(
  row: FleetRow,
  work: WorkState,
  departure: number,
  returnTime: number,
  metres: number,
): number {
  const rule = breakRule(row);
  if (rule && work.breakAt === null) work.breakAt = breakBefore(rule, work.lastReturn, departure);
  if (work.firstDeparture === null) work.firstDeparture = departure;
  work.metres += metres;
  work.lastReturn = returnTime;
  if (rule && work.breakAt === null && returnTime >= rule.open) {
    work.breakAt = returnTime;
    return returnTime + rule.seconds;
  }
  return returnTime;
}

/** After the last trip: a vehicle still without its break takes it after its return (it is back in time for it). */
export function closeBreak(row: FleetRow, work: WorkState): void {
  const rule = breakRule(row);
  if (rule && work.breakAt === null && work.lastReturn !== null) work.breakAt = Math.max(work.lastReturn, rule.open);
}
