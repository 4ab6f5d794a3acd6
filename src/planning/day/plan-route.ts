/**
 * An engine route → a PlanRoute: stops with clock times, parcels both ways, load on board and parcels per carrier.
 * Consecutive split parts of one station's job are one stop; a station's cold job is always its own stop.
 */
import type { FleetRow } from '../../model/types.ts';
import type { Problem } from '../../solver/types.ts';
import type { PlanRoute, PlanStop } from '../types.ts';
import { KG, PARCELS, copyByCarrier, mergeByCarrier } from '../demand.ts';
import { round, type RouteSchedule } from '../common.ts';
import { formatClock } from '../../util/time.ts';
import type { JobInfo } from './types.ts';

export interface RouteOwner {
  row: FleetRow;
  depot: string;
  kind: 'trunk' | 'delivery';
  vehicleId: string;
}

export function toPlanRoute(
  problem: Problem,
  jobIdx: number[],
  sched: RouteSchedule,
  jobInfo: JobInfo[],
  owner: RouteOwner,
): PlanRoute {
  const stops: PlanStop[] = [];
  let lastPart = '';
  jobIdx.forEach((j, pos) => {
    const job = problem.jobs[j];
    const info = jobInfo[j];
    const last = stops[stops.length - 1];
    const load = sched.loads[pos];
    if (last && last.stationId === info.placeId && lastPart === info.part) {
      last.departure = formatClock(sched.departures[pos]);
      last.parcelsDown += job.delivery[PARCELS];
      last.kgDown = round(last.kgDown + job.delivery[KG], 3);
      last.parcelsUp += job.pickup[PARCELS];
      last.kgUp = round(last.kgUp + job.pickup[KG], 3);
      last.load = load[PARCELS];
      last.loadKg = round(load[KG], 3);
      mergeByCarrier(last.byCarrier, info.load.byCarrier);
      return;
    }
    lastPart = info.part;
    stops.push({
      stationId: info.placeId,
      arrival: formatClock(sched.arrivals[pos]),
      departure: formatClock(sched.departures[pos]),
      parcelsDown: job.delivery[PARCELS],
      parcelsUp: job.pickup[PARCELS],
      kgDown: round(job.delivery[KG], 3),
      kgUp: round(job.pickup[KG], 3),
      load: load[PARCELS],
      loadKg: round(load[KG], 3),
      byCarrier: copyByCarrier(info.load.byCarrier),
      cold: info.part === 'cold',
    });
  });
  return {
    vehicle: owner.vehicleId,
    fleetId: owner.row.id,
    depot: owner.depot,
    kind: owner.kind,
    ...(owner.kind === 'trunk' ? { hubs: [...new Set(stops.map((s) => s.stationId))] } : {}),
    departure: formatClock(sched.departure),
    returnTime: formatClock(sched.returnTime),
    km: round(sched.distance / 1000, 3),
    hours: round(sched.duration / 3600, 3),
    cost: round(sched.cost),
    stops,
  };
}
