/**
 * The search's cost evaluation, in one place: the objective of a route (fixed + distance + duration costs),
 * the penalties for violations, and the closing of a route at its end depot (end-depot merge, shift and
 * maximum-duration time warp, distance excess, capacity excess). Route caches, move proposals, individuals
 * and the split all price routes through these functions. (The independent checker, check.ts, prices a
 * Solution on its own on purpose and imports nothing from here.)
 */
import type { Instance } from './instance.ts';
import { DurationSegment } from './segment.ts';

/** Scratch for the end-depot merge, so that the caller's summary stays untouched (proposals keep growing). */
const closing = new DurationSegment();

/** Penalty weights of the penalised objective (adapted by the genetic search). */
export interface Penalties {
  load: number;
  timeWarp: number;
  distance: number;
}

/** Cost components of one closed route. */
export interface RouteTotals {
  distance: number;
  duration: number;
  timeWarp: number;
  loadExcess: number;
  distExcess: number;
  /** Penalised cost. */
  cost: number;
}

/** Unpenalised objective of a route with jobs on vehicle type t. */
export function routeObjective(inst: Instance, t: number, distance: number, duration: number): number {
  return inst.vFixed[t] + inst.vCostDist[t] * distance + inst.vCostDur[t] * duration;
}

/** Objective plus the penalty of each violation. */
export function penalised(
  objective: number,
  pen: Penalties,
  timeWarp: number,
  loadExcess: number,
  distExcess: number,
): number {
  return objective + pen.timeWarp * timeWarp + pen.load * loadExcess + pen.distance * distExcess;
}

/**
 * Close a route of vehicle type t: `seg` summarises start depot … last client (left unchanged), `lastLoc`
 * is the last client's location, `distance` the distance up to it, and
 * `load[loadOff + k]` the peak load of the whole route (of its last trip, for a multi-trip route, whose earlier
 * trips' excess is `closedExcess`) in dimension k. Writes every component into `out`.
 * The caller handles the empty route (cost 0).
 */
export function closeRoute(
  inst: Instance,
  t: number,
  seg: DurationSegment,
  lastLoc: number,
  distance: number,
  load: Float64Array,
  loadOff: number,
  pen: Penalties,
  out: RouteTotals,
  closedExcess = 0,
): void {
  const endLoc = inst.vEnd[t];
  const size = inst.size;
  const end = closing.set(seg.duration, seg.timeWarp, seg.early, seg.late);
  end.merge(inst.dur[lastLoc * size + endLoc], 0, 0, inst.vTwStart[t], inst.vTwEnd[t]);
  const dist = distance + inst.dist[lastLoc * size + endLoc];
  const dims = inst.dims;
  let excess = closedExcess; // capacity excess of the trips already closed by a reload (multi-trip)
  for (let k = 0; k < dims; k++) excess += Math.max(0, load[loadOff + k] - inst.capacity[t * dims + k]);
  out.distance = dist;
  out.duration = end.duration;
  out.timeWarp = end.timeWarp + Math.max(0, end.duration - inst.vMaxDuration[t]);
  out.distExcess = Math.max(0, dist - inst.vMaxDistance[t]);
  out.loadExcess = excess;
  out.cost = penalised(routeObjective(inst, t, dist, end.duration), pen, out.timeWarp, excess, out.distExcess);
}
