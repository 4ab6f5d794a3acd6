/**
 * Phase 3b, bus legs (客运班车带货): the stations chosen for a bus (bus-choice.ts) leave the van jobs (and so the
 * trunk loads of their hubs); their ambient parcels ride the chosen run and the station keeper collects them at the
 * bus stop. The phase re-checks what it is handed: run capacity, and arrival (departure + minutes + handover) inside
 * the working day. Prices: parcels × price_per_parcel + kg × price_per_kg per station.
 */
import type { BusLeg } from '../types.ts';
import { copyByCarrier } from '../demand.ts';
import { round } from '../common.ts';
import { formatClock, parseClock } from '../../util/time.ts';
import type { DayContext } from './context.ts';
import { busArrival, busPrice } from './bus-choice.ts';

export function assignBusLegs(ctx: DayContext): void {
  const lines = new Map((ctx.scenario.busLines ?? []).map((l) => [l.id, l] as const));
  const legs = new Map<string, BusLeg>();
  const load = new Map<string, number>();
  for (const choice of ctx.busChoice) {
    const line = lines.get(choice.lineId);
    if (!line) throw new Error(`bus choice names unknown line ${choice.lineId}`);
    const depot = ctx.assignment.get(choice.stationId);
    const list = depot === undefined ? undefined : ctx.jobsByDepot.get(depot);
    const spec = list?.find((s) => s.stationId === choice.stationId && s.part === 'normal');
    if (!list || !spec) continue; // not planned on a van today (unassigned): nothing to move
    const key = `${line.id} ${choice.departure}`;
    const used = (load.get(key) ?? 0) + spec.load.parcelsDown;
    const arrival = busArrival(line, parseClock(choice.departure), choice.stopIndex);
    if (used > line.capacityParcels || arrival > ctx.dayEnd || spec.load.parcelsUp > 0) continue;
    load.set(key, used);
    list.splice(list.indexOf(spec), 1);
    ctx.assignment.delete(choice.stationId);
    let leg = legs.get(key);
    if (!leg) legs.set(key, (leg = { line: line.id, departure: choice.departure, stops: [] }));
    leg.stops.push({
      stationId: choice.stationId,
      stopId: line.stops[choice.stopIndex],
      parcels: spec.load.parcelsDown,
      kg: round(spec.load.kgDown, 3),
      arrival: formatClock(arrival),
      byCarrier: copyByCarrier(spec.load.byCarrier),
    });
    ctx.busCost += busPrice(line, spec.load.parcelsDown, spec.load.kgDown);
    let starts = ctx.serviceStartsByStation.get(choice.stationId);
    if (!starts) ctx.serviceStartsByStation.set(choice.stationId, (starts = []));
    starts.push(arrival);
  }
  ctx.busLegs = [...legs.values()].sort((a, b) => (a.departure + a.line < b.departure + b.line ? -1 : 1));
  for (const leg of ctx.busLegs)
    leg.stops.sort((a, b) =>
      a.arrival < b.arrival ? -1 : a.arrival > b.arrival ? 1 : a.stationId < b.stationId ? -1 : 1,
    );
}
