/**
 * Freezing a date plan into a dispatch: every delivery stop split per carrier as the planner gives it
 * (`stop.byCarrier`, `stop.cold`), with carried-over parcels marked, plus the parcels left off the routes (they
 * carry over).
 */
import type { Scenario } from '../model/types.ts';
import type { PlanResult, PlanRoute } from '../planning/types.ts';
import { addDays, InputError, requireDate, requireOperationalDate } from './table-file.ts';
import { OperationsConflict, type OperationsStore } from '../store/operations.ts';
import type { CarriedLine, DatePlanBasis, Dispatch, DispatchBreak, DispatchLine } from './types.ts';
import { parseClock } from '../util/time.ts';

interface Due {
  stationId: string;
  carrierId: string;
  down: number;
  kgDown: number;
  up: number;
  kgUp: number;
  upZone: string;
  cold: boolean;
}

/** Parcels due per station × carrier in a date's rows (down and pick-ups, their weight, cold, pick-up zone). */
function dueOf(basis: DatePlanBasis): Map<string, Due> {
  const due = new Map<string, Due>();
  for (const r of basis.rows) {
    const k = `${r.stationId}|${r.carrierId}`;
    const cur = due.get(k) ?? {
      stationId: r.stationId,
      carrierId: r.carrierId,
      down: 0,
      kgDown: 0,
      up: 0,
      kgUp: 0,
      upZone: '',
      cold: false,
    };
    due.set(k, {
      ...cur,
      down: cur.down + r.parcelsDown,
      kgDown: cur.kgDown + r.kgDown,
      up: cur.up + r.parcelsUp,
      kgUp: cur.kgUp + r.kgUp,
      upZone: cur.upZone || r.upZone,
      cold: cur.cold || r.cold,
    });
  }
  return due;
}

/** The lunch breaks on the delivery routes (route.break), one per vehicle, with their trip. */
export function dispatchBreaks(routes: PlanRoute[]): DispatchBreak[] {
  const out: DispatchBreak[] = [];
  for (const r of routes) {
    if (r.kind !== 'delivery' || !r.break) continue;
    const [start, end] = [parseClock(r.break.start), parseClock(r.break.end)];
    out.push({
      vehicle: r.vehicle,
      trip: r.trip ?? 1,
      start: r.break.start,
      end: r.break.end,
      minutes: Math.round((end - start) / 60),
      beforeTrip: r.break.stationId === undefined && end <= parseClock(r.departure),
      ...(r.break.afterStop !== undefined ? { afterSeq: r.break.afterStop } : {}),
    });
  }
  return out;
}

const perParcel = (kg: number, parcels: number) => (parcels > 0 ? Math.round((kg / parcels) * 1000) / 1000 : 0);

export function dispatchLines(
  routes: PlanRoute[],
  basis: DatePlanBasis,
): Pick<Dispatch, 'lines' | 'notDispatched' | 'kgPerParcel' | 'pickUps' | 'breaks'> & {
  kgPerParcel: Record<string, number>;
} {
  const due = dueOf(basis);
  const carriedLeft = new Map<string, number>();
  for (const c of basis.carried)
    carriedLeft.set(
      `${c.stationId}|${c.carrierId}`,
      (carriedLeft.get(`${c.stationId}|${c.carrierId}`) ?? 0) + c.parcels,
    );

  const lines: DispatchLine[] = [];
  const sent = new Map<string, { down: number; up: number }>();
  for (const route of routes) {
    if (route.kind !== 'delivery') continue;
    route.stops.forEach((s, i) => {
      for (const [carrierId, part] of Object.entries(s.byCarrier)) {
        if (part.down === 0 && part.up === 0) continue;
        const key = `${s.stationId}|${carrierId}`;
        const carried = Math.min(carriedLeft.get(key) ?? 0, part.down);
        carriedLeft.set(key, (carriedLeft.get(key) ?? 0) - carried);
        const cur = sent.get(key) ?? { down: 0, up: 0 };
        sent.set(key, { down: cur.down + part.down, up: cur.up + part.up });
        lines.push({
          vehicle: route.vehicle,
          trip: route.trip ?? 1,
          depot: route.depot,
          seq: i + 1,
          stationId: s.stationId,
          carrierId,
          parcelsDown: part.down,
          parcelsUp: part.up,
          carriedOver: carried,
          cold: s.cold,
          arrival: s.arrival,
        });
      }
    });
  }
  // What the routes do not carry (unassigned stations), deliveries and pick-ups, waits for the next date.
  const notDispatched: CarriedLine[] = [...basis.deferred];
  const kgPerParcel: Record<string, number> = {};
  const pickUps: Record<string, { kgPerParcel: number; upZone: string }> = {};
  for (const [k, d] of due) {
    kgPerParcel[k] = perParcel(d.kgDown, d.down);
    if (d.up > 0) pickUps[k] = { kgPerParcel: perParcel(d.kgUp, d.up), upZone: d.upZone };
    const leftDown = d.down - (sent.get(k)?.down ?? 0);
    const leftUp = d.up - (sent.get(k)?.up ?? 0);
    if (leftDown <= 0 && leftUp <= 0) continue;
    const down = Math.max(0, leftDown);
    const up = Math.max(0, leftUp);
    notDispatched.push({
      stationId: d.stationId,
      carrierId: d.carrierId,
      parcels: down,
      kg: (d.kgDown / (d.down || 1)) * down,
      cold: d.cold,
      fromDate: basis.date,
      reason: 'unassigned',
      ...(up > 0 ? { parcelsUp: up, kgUp: (d.kgUp / d.up) * up, upZone: d.upZone } : {}),
    });
  }
  const breaks = dispatchBreaks(routes);
  return { lines, notDispatched, kgPerParcel, pickUps, ...(breaks.length > 0 ? { breaks } : {}) };
}

/** Which day of a horizon plan to dispatch, and for which calendar date. */
export interface DispatchPick {
  day?: number;
  date?: string;
}

/**
 * The routes and basis of day K of a horizon plan (demand.csv days): the parcels are what its routes carry, per
 * stop and carrier; the date is the plan's date + K − 1, or the one given.
 */
export function horizonDayBasis(
  scenario: Scenario,
  plan: PlanResult & { date?: string },
  planId: string,
  pick: DispatchPick,
): { routes: PlanRoute[]; basis: DatePlanBasis; day: number } {
  const day = pick.day!;
  const perDay = plan.horizon?.perDay;
  if (!perDay)
    throw new InputError([
      {
        file: '--day',
        row: null,
        field: null,
        message: `plan ${planId} is not a horizon plan: --day needs a plan made with --horizon N`,
      },
    ]);
  if (!Number.isInteger(day) || day < 1 || day > plan.horizon!.days)
    throw new InputError([
      {
        file: '--day',
        row: null,
        field: null,
        message: `day ${day} lies outside the plan's horizon of ${plan.horizon!.days} days`,
      },
    ]);
  const date = pick.date ?? (plan.date ? addDays(plan.date, day - 1) : undefined);
  if (!date)
    throw new InputError([
      {
        file: '--date',
        row: null,
        field: null,
        message: `plan ${planId} has no date: give the calendar date of day ${day} with --date YYYY-MM-DD`,
      },
    ]);
  requireDate(date, '--date');
  const routes = perDay.find((d) => d.day === day)?.routes ?? [];
  // Destination zone of a station's pick-ups per carrier (demand.csv), so pick-ups not collected carry over with it.
  const zone = new Map(
    scenario.demand.filter((r) => r.upZone !== '').map((r) => [`${r.stationId}|${r.carrierId}`, r.upZone] as const),
  );
  const rows: DatePlanBasis['rows'] = [];
  for (const r of routes) {
    if (r.kind !== 'delivery') continue;
    for (const s of r.stops) {
      for (const [carrierId, v] of Object.entries(s.byCarrier)) {
        const kgDown = s.parcelsDown > 0 ? (s.kgDown * v.down) / s.parcelsDown : 0;
        const kgUp = s.parcelsUp > 0 ? (s.kgUp * v.up) / s.parcelsUp : 0;
        rows.push({
          stationId: s.stationId,
          carrierId,
          parcelsDown: v.down,
          kgDown,
          parcelsUp: v.up,
          kgUp,
          cold: s.cold,
          upZone: v.up > 0 ? (zone.get(`${s.stationId}|${carrierId}`) ?? '') : '',
        });
      }
    }
  }
  return { routes, basis: { date, rows, carried: [], deferred: [] }, day };
}

/** Ids of the active manifests that feed a plan of `date`: those of dates after `after` up to `date`. */
export function manifestRevision(
  ops: OperationsStore,
  scenarioId: string,
  date: string,
  after: string | null,
): string[] {
  return ops
    .listManifests(scenarioId)
    .filter((m) => m.date <= date && (after === null || m.date > after))
    .map((m) => m.id)
    .sort();
}

/**
 * What a stored plan would freeze into as the dispatch of its date (not stored yet; every refusal is raised here):
 * a plan of a calendar date, or with `pick.day` one day of a horizon plan. Refused: a date already dispatched or
 * before a dispatched date, a date plan whose manifests changed since it was made (stale), a plan of neither kind.
 */
export function draftDispatch(
  scenario: Scenario,
  ops: OperationsStore,
  stored: { id: string; scenarioId: string; plan: PlanResult },
  pick: DispatchPick = {},
): Omit<Dispatch, 'id' | 'createdAt'> {
  if (pick.day !== undefined) {
    const { routes, basis, day } = horizonDayBasis(scenario, stored.plan, stored.id, pick);
    requireOperationalDate(basis.date, '--date');
    ops.checkDispatchable(stored.scenarioId, basis.date);
    return {
      scenarioId: stored.scenarioId,
      planId: stored.id,
      day,
      date: basis.date,
      ...dispatchLines(routes, basis),
      files: [],
    };
  }
  const basis = ops.datePlanBasis(stored.id);
  if (!basis)
    throw new InputError([
      {
        file: 'planId',
        row: null,
        field: null,
        message: `plan ${stored.id} is not a plan of a calendar date: plan one with "gongpei plan ${stored.scenarioId} --date YYYY-MM-DD", or dispatch a day of a horizon plan with --day K`,
      },
    ]);
  ops.checkDispatchable(stored.scenarioId, basis.date);
  const taken = basis.carried.find(
    (l) => l.reason === 'not_dispatched' && ops.dispatchOfDate(stored.scenarioId, l.fromDate),
  );
  if (taken)
    throw new OperationsConflict(
      `${taken.fromDate} was dispatched after this plan of ${basis.date} took its parcels over; plan ${basis.date} again`,
    );
  // A manifest imported, replaced or added since the plan was made: the frozen record would disagree with it.
  if (basis.manifestIds) {
    const now = manifestRevision(ops, stored.scenarioId, basis.date, basis.manifestsAfter ?? null);
    if (now.join(',') !== [...basis.manifestIds].sort().join(','))
      throw new OperationsConflict(
        `the manifests of ${basis.date} changed after plan ${stored.id} was made; plan ${basis.date} again and dispatch the new plan`,
      );
  }
  return {
    scenarioId: stored.scenarioId,
    planId: stored.id,
    date: basis.date,
    ...dispatchLines(stored.plan.routes, basis),
    files: [],
  };
}

/** Drafts and stores a dispatch with no files (tests and callers that build files elsewhere). */
export function freezeDispatch(
  scenario: Scenario,
  ops: OperationsStore,
  stored: { id: string; scenarioId: string; plan: PlanResult },
  pick: DispatchPick = {},
): Dispatch {
  return ops.saveDispatch(draftDispatch(scenario, ops, stored, pick));
}
