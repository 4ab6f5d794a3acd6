/**
 * Which jobs can be served at all: a job is routable when some vehicle type can serve it alone
 * (start → job → end). Otherwise it is unassigned with the reason of the closest vehicle type.
 */
import type { Instance } from './instance.ts';
import { Route } from './route.ts';
import { scheduleRoute } from './schedule.ts';
import type { UnassignedReason } from './types.ts';

const NO_PENALTY = { load: 0, timeWarp: 0, distance: 0 };

export interface JobFeasibility {
  routable: boolean;
  reason?: UnassignedReason;
  detail?: string;
  /** Per vehicle type: 1 when it can serve the job alone. */
  types: Uint8Array;
}

/** Order in which a vehicle type gets "closer" to serving the job (later = closer). */
const PROGRESS: UnassignedReason[] = [
  'skill',
  'unreachable',
  'capacity',
  'time_window',
  'shift',
  'max_distance',
  'max_duration',
];

export function jobFeasibility(inst: Instance, job: number): JobFeasibility {
  const m = inst.nTypes;
  const types = new Uint8Array(m);
  let best: UnassignedReason | undefined;
  let bestVehicle = '';
  for (let t = 0; t < m; t++) {
    if (inst.vCount[t] <= 0) continue;
    if (inst.compatible[job * m + t] === 0) {
      if (!best) {
        best = 'skill';
        bestVehicle = inst.problem.vehicles[t].id;
      }
      continue;
    }
    const r = new Route(inst, 0, t);
    r.jobs = [job];
    r.update(NO_PENALTY);
    const s = scheduleRoute(inst.problem, t, [job], r.departure());
    if (s.feasible) {
      types[t] = 1;
      continue;
    }
    const reason = s.violation!;
    if (!best || PROGRESS.indexOf(reason) > PROGRESS.indexOf(best)) {
      best = reason;
      bestVehicle = inst.problem.vehicles[t].id;
    }
  }
  if (types.some((x) => x === 1)) return { routable: true, types };
  const id = inst.problem.jobs[job].id;
  if (!best)
    return { routable: false, reason: 'fleet', detail: `job ${id}: no vehicle available (every count is 0)`, types };
  return { routable: false, reason: best, detail: describe(best, id, bestVehicle), types };
}

function describe(reason: UnassignedReason, job: string, vehicle: string): string {
  switch (reason) {
    case 'skill':
      return `job ${job}: no vehicle type has all its skills`;
    case 'unreachable':
      return `job ${job}: no route between the depot of vehicle ${vehicle} and the job`;
    case 'capacity':
      return `job ${job}: delivery or pickup exceeds the capacity of every vehicle (closest: ${vehicle})`;
    case 'time_window':
      return `job ${job}: no vehicle reaches it within its time window (closest: ${vehicle})`;
    case 'shift':
      return `job ${job}: cannot be served and back within the shift of any vehicle (closest: ${vehicle})`;
    case 'max_distance':
      return `job ${job}: the round trip exceeds the maximum distance of every vehicle (closest: ${vehicle})`;
    case 'max_duration':
      return `job ${job}: the round trip exceeds the maximum duration of every vehicle (closest: ${vehicle})`;
    default:
      return `job ${job}: ${reason}`;
  }
}
