/**
 * Phase 3, assignment: each station's normal part goes to a depot — by default the usable depot with the shortest
 * travel time to it, overridable per station (options.assignment); cold parts go to the warehouse's cold vans (cold
 * storage is at the warehouse; trunks are not refrigerated).
 */
import { hasParcels, parcelsOf } from '../demand.ts';
import { stationLimitDays } from '../common.ts';
import { fail, pushJob, reach, rowsAt, travel, unreachableText, type DayContext } from './context.ts';
import { usableDepots } from './depots.ts';

export function assignDepots(ctx: DayContext): void {
  const w = ctx.warehouse.id;
  const coldRows = rowsAt(ctx, w).filter((f) => f.cold);
  const depots = usableDepots(ctx);
  for (const [id, s] of ctx.demand) {
    const place = ctx.placeById.get(id);
    if (!place) {
      fail(ctx, id, 'unknown_station', `demand names station ${id}, which is not in places.csv`);
      continue;
    }
    if (!ctx.index.has(id)) {
      fail(ctx, id, 'unreachable', `station ${id} is not in the travel matrix`);
      continue;
    }
    const limit = stationLimitDays(ctx.scenario, place);
    if (hasParcels(s.normal)) {
      const depot = chooseDepot(ctx, id, depots);
      if (depot) {
        ctx.assignment.set(id, depot);
        pushJob(ctx, depot, { stationId: id, part: 'normal', load: s.normal, limit });
      }
    }
    if (hasParcels(s.cold)) {
      if (coldRows.length === 0)
        fail(
          ctx,
          id,
          'no_cold_vehicle',
          `${parcelsOf(s.cold)} cold-chain parcels but no cold vehicle at the warehouse ${w}`,
        );
      else if (!reach(ctx, w, id)) fail(ctx, id, 'unreachable', `cold items: ${unreachableText(ctx, id, w)}`);
      else pushJob(ctx, w, { stationId: id, part: 'cold', load: s.cold, limit });
    }
  }
}

/** The depot of a station's normal part (explicit assignment or nearest usable depot); null (and recorded) when none. */
function chooseDepot(ctx: DayContext, id: string, depots: string[]): string | null {
  const override = ctx.options.assignment?.[id];
  if (override !== undefined) return explicitDepot(ctx, id, override);
  let best: string | null = null;
  let bestTime = Infinity;
  for (const d of depots) {
    const t = travel(ctx, d, id);
    if (reach(ctx, d, id) && t < bestTime) {
      best = d;
      bestTime = t;
    }
  }
  if (best) return best;
  const blocked = ctx.hubs.find((h) => !ctx.depotStatus.get(h.id)!.usable && reach(ctx, h.id, id));
  const warehouseStatus = ctx.depotStatus.get(ctx.warehouse.id)!;
  if (blocked) {
    const status = ctx.depotStatus.get(blocked.id) as { reason: string; detail: string };
    fail(ctx, id, status.reason, `only hub ${blocked.id} reaches the station: ${status.detail}`);
  } else if (!warehouseStatus.usable) {
    fail(ctx, id, warehouseStatus.reason, warehouseStatus.detail);
  } else {
    fail(ctx, id, 'unreachable', unreachableText(ctx, id, ctx.warehouse.id));
  }
  return null;
}

function explicitDepot(ctx: DayContext, id: string, depot: string): string | null {
  const status = ctx.depotStatus.get(depot);
  if (!status) throw new Error(`assignment: station ${id} → ${depot}: ${depot} is not a depot (warehouse or hub)`);
  if (!status.usable) {
    fail(ctx, id, status.reason, `assigned to ${depot}: ${status.detail}`);
    return null;
  }
  if (!reach(ctx, depot, id)) {
    fail(ctx, id, 'unreachable', unreachableText(ctx, id, depot));
    return null;
  }
  return depot;
}
