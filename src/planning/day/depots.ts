/**
 * Phase 2, depots: the warehouse is usable when delivery vehicles are based there; a township hub when it has
 * delivery vehicles, a trunk vehicle exists at the warehouse and the hub is reachable both ways from the warehouse.
 */
import { reach, rowsAt, unreachableText, type DayContext } from './context.ts';
import type { DepotStatus } from './types.ts';

export function findUsableDepots(ctx: DayContext): void {
  const w = ctx.warehouse.id;
  ctx.depotStatus.set(
    w,
    rowsAt(ctx, w).length > 0
      ? { usable: true }
      : { usable: false, reason: 'no_vehicle_at_depot', detail: `no delivery vehicle is based at the warehouse ${w}` },
  );
  for (const h of ctx.hubs) {
    let status: DepotStatus = { usable: true };
    if (rowsAt(ctx, h.id).length === 0)
      status = { usable: false, reason: 'no_vehicle_at_depot', detail: `no delivery vehicle is based at hub ${h.id}` };
    else if (ctx.trunkRows.length === 0)
      status = {
        usable: false,
        reason: 'no_trunk',
        detail: `no trunk vehicle at the warehouse can supply hub ${h.id}`,
      };
    else if (!reach(ctx, w, h.id))
      status = {
        usable: false,
        reason: 'hub_unreachable',
        detail: `hub ${h.id} cannot be reached from the warehouse: ${unreachableText(ctx, h.id, w)}`,
      };
    ctx.depotStatus.set(h.id, status);
  }
}

/** Usable depots, the warehouse first. */
export function usableDepots(ctx: DayContext): string[] {
  return [ctx.warehouse.id, ...ctx.hubs.map((h) => h.id)].filter((d) => ctx.depotStatus.get(d)!.usable);
}
