/**
 * Phase 4, capacity-aware spill-over: a hub whose stations exceed hubUtilisation of its vans' daily capacity (count ×
 * capacity × trips), or hubs that together exceed trunkUtilisation of the trunks' capacity, hand the stations with
 * the smallest extra travel from the warehouse back to the warehouse. Explicit assignments are never moved.
 */
import type { FleetRow } from '../../model/types.ts';
import type { Load } from '../demand.ts';
import { movable, pushJob, rowsAt, travel, warehouseUsable, type DayContext } from './context.ts';
import type { JobSpec } from './types.ts';

/** What a job takes of a vehicle: the larger of its two directions, [parcels, kg]. */
function size(l: Load): [number, number] {
  return [Math.max(l.parcelsDown, l.parcelsUp), Math.max(l.kgDown, l.kgUp)];
}

/** [parcels, kg] of `count` × capacity over the rows, times the factors (in order). */
function capacityOf(rows: FleetRow[], ...factors: number[]): [number, number] {
  const times = (x: number) => factors.reduce((a, f) => a * f, x);
  return [
    times(rows.reduce((a, r) => a + r.count * r.capacityParcels, 0)),
    times(rows.reduce((a, r) => a + r.count * r.capacityKg, 0)),
  ];
}

/**
 * Move movable specs (smallest extra travel from the warehouse first) to the warehouse until the rest fits `cap`.
 * Returns the moved specs.
 */
function moveUntilFits(
  ctx: DayContext,
  entries: Array<{ spec: JobSpec; hub: string }>,
  cap: [number, number],
): Set<JobSpec> {
  const moved = new Set<JobSpec>();
  let [loadP, loadK] = [0, 0];
  for (const { spec } of entries) {
    const [p, k] = size(spec.load);
    loadP += p;
    loadK += k;
  }
  if (loadP <= cap[0] && loadK <= cap[1]) return moved;
  const w = ctx.warehouse.id;
  const extra = (e: { spec: JobSpec; hub: string }) =>
    travel(ctx, w, e.spec.stationId) - travel(ctx, e.hub, e.spec.stationId);
  const candidates = entries.filter((e) => movable(ctx, e.spec.stationId)).sort((x, y) => extra(x) - extra(y));
  for (const { spec } of candidates) {
    if (loadP <= cap[0] && loadK <= cap[1]) break;
    const [p, k] = size(spec.load);
    loadP -= p;
    loadK -= k;
    moved.add(spec);
    ctx.assignment.set(spec.stationId, w);
    pushJob(ctx, w, spec);
  }
  return moved;
}

/** A hub whose stations exceed what its vans carry in a day hands stations back to the warehouse. */
export function spillOverloadedHubs(ctx: DayContext): void {
  if (!warehouseUsable(ctx)) return;
  for (const h of ctx.hubs) {
    const list = ctx.jobsByDepot.get(h.id);
    if (!list || list.length === 0) continue;
    const cap = capacityOf(rowsAt(ctx, h.id), ctx.params.maxTrips, ctx.params.hubUtilisation);
    const moved = moveUntilFits(
      ctx,
      list.map((spec) => ({ spec, hub: h.id })),
      cap,
    );
    if (moved.size > 0)
      ctx.jobsByDepot.set(
        h.id,
        list.filter((spec) => !moved.has(spec)),
      );
  }
}

/** When all hubs together need more than the trunks carry, stations go back to the warehouse. */
export function spillTrunkOverload(ctx: DayContext): void {
  if (!warehouseUsable(ctx) || ctx.trunkRows.length === 0) return;
  const cap = capacityOf(ctx.trunkRows, ctx.params.trunkUtilisation);
  const onHubs = ctx.hubs.flatMap((h) => (ctx.jobsByDepot.get(h.id) ?? []).map((spec) => ({ spec, hub: h.id })));
  const moved = moveUntilFits(ctx, onHubs, cap);
  if (moved.size === 0) return;
  for (const h of ctx.hubs) {
    const list = ctx.jobsByDepot.get(h.id);
    if (list)
      ctx.jobsByDepot.set(
        h.id,
        list.filter((spec) => !moved.has(spec)),
      );
  }
}
