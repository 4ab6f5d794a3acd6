/**
 * The engine jobs of one depot's delivery problem: a station part whose load exceeds the largest eligible vehicle
 * is split into the fewest equal parts that fit; service = base + per parcel; same-day stations (limit 0) get the
 * window [dayStart, dayEnd], N-day stations only the shift; cold parts need the cold skill.
 */
import type { FleetRow } from '../../model/types.ts';
import type { Job, Problem } from '../../solver/types.ts';
import { parcelsOf, splitLoad } from '../demand.ts';
import { COLD_SKILL, dims, serviceSeconds } from '../common.ts';
import { subMatrix, type DayContext } from './context.ts';
import type { JobInfo, JobSpec } from './types.ts';

export interface DepotJobs {
  /** Travel matrices over [depot, stations…]. */
  matrix: Pick<Problem, 'size' | 'distances' | 'durations'>;
  jobs: Job[];
  jobInfo: JobInfo[];
}

export function depotJobs(ctx: DayContext, depot: string, specs: JobSpec[], depotRows: FleetRow[]): DepotJobs {
  const stationsHere = [...new Set(specs.map((s) => s.stationId))];
  const locOf = new Map(stationsHere.map((s, k) => [s, k + 1] as const));
  const jobs: Job[] = [];
  const jobInfo: JobInfo[] = [];
  for (const spec of specs) {
    const eligible = spec.part === 'cold' ? depotRows.filter((r) => r.cold) : depotRows;
    const capP = Math.max(...eligible.map((r) => r.capacityParcels));
    const capK = Math.max(...eligible.map((r) => r.capacityKg));
    const parts = splitLoad(spec.load, capP, capK);
    parts.forEach((part, k) => {
      const suffix = (spec.part === 'cold' ? ':cold' : '') + (parts.length > 1 ? `#${k + 1}` : '');
      jobs.push({
        id: spec.stationId + suffix,
        location: locOf.get(spec.stationId)!,
        delivery: dims(part.parcelsDown, part.kgDown),
        pickup: dims(part.parcelsUp, part.kgUp),
        service: serviceSeconds(ctx.scenario, parcelsOf(part)),
        timeWindows: spec.limit === 0 ? [[ctx.dayStart, ctx.dayEnd]] : [],
        skills: spec.part === 'cold' ? [COLD_SKILL] : [],
        priority: 0,
      });
      jobInfo.push({ placeId: spec.stationId, part: spec.part, load: part });
    });
  }
  return { matrix: subMatrix(ctx, [depot, ...stationsHere]), jobs, jobInfo };
}
