/**
 * Trips as rounds (used for a fleet with a lunch break; otherwise the engine plans trips, engine-trips.ts): the engine has one route per vehicle, so a van's later trips are planned in later rounds. Round 1
 * uses the depot's fleet as given; in a later round every used vehicle is one vehicle type of its own, leaving at its
 * previous return + reload time without a second fixed cost, and vehicles not used yet keep their shift start and
 * fixed cost. Each vehicle's working-time limits (working-time.ts: max km and max work per vehicle-day, the lunch
 * break) narrow the shift, duration and distance of its next trip.
 */
import type { FleetRow } from '../../model/types.ts';
import type { VehicleType } from '../../solver/types.ts';
import { vehicleType } from '../common.ts';
import type { DayContext } from './context.ts';
import { freshWork, tripLimits, type WorkState } from './working-time.ts';

/** One physical vehicle of the depot across rounds. */
export interface Physical {
  row: FleetRow;
  id: string;
  readyAt: number;
  used: boolean;
  trips: number;
  work: WorkState;
}

/** The round's engine vehicle types and, per type, which physical vehicle its k-th route is. */
export interface RoundFleet {
  vehicles: VehicleType[];
  owners: Array<(routeOrdinal: number) => Physical>;
}

export function physicalFleet(depotRows: FleetRow[]): Physical[] {
  const physical: Physical[] = [];
  for (const row of depotRows)
    for (let k = 0; k < row.count; k++)
      physical.push({ row, id: '', readyAt: 0, used: false, trips: 0, work: freshWork() });
  return physical;
}

function rowOwners(physical: Physical[], row: FleetRow, unusedOnly: boolean): (k: number) => Physical {
  const mine = physical.filter((p) => p.row === row && (!unusedOnly || !p.used));
  return (k: number) => mine[k];
}

/** Engine vehicle type of a fleet row ready at `ready`, limited by the vehicle-day so far. */
function limitedType(row: FleetRow, work: WorkState, ready: number | undefined): VehicleType {
  const v = vehicleType(row, 0, ready);
  const limits = tripLimits(row, work, v.twStart);
  return { ...v, ...limits };
}

/** The fleet of round `trip`; null when no vehicle can go out again. */
export function roundFleet(
  ctx: DayContext,
  depot: string,
  depotRows: FleetRow[],
  physical: Physical[],
  trip: number,
): RoundFleet | null {
  const hubReady = ctx.hubReady.get(depot);
  if (trip === 1) {
    return {
      vehicles: depotRows.map((r) => limitedType(r, freshWork(), hubReady)),
      owners: depotRows.map((r) => rowOwners(physical, r, false)),
    };
  }
  const used = physical.filter(
    (p) => p.used && p.readyAt + ctx.reloadSeconds < limitedType(p.row, p.work, p.readyAt + ctx.reloadSeconds).twEnd,
  );
  const unusedRows = depotRows.filter((r) => physical.some((p) => p.row === r && !p.used));
  if (used.length === 0 && unusedRows.length === 0) return null;
  return {
    vehicles: [
      ...used.map((p) => ({
        ...limitedType(p.row, p.work, p.readyAt + ctx.reloadSeconds),
        id: `${p.id} trip ${p.trips + 1}`,
        count: 1,
        fixedCost: 0,
      })),
      ...unusedRows.map((r) => ({
        ...limitedType(r, freshWork(), hubReady),
        count: physical.filter((p) => p.row === r && !p.used).length,
      })),
    ],
    owners: [...used.map((p) => () => p), ...unusedRows.map((r) => rowOwners(physical, r, true))],
  };
}
