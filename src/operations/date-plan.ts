/**
 * Plan of a calendar date: the date's manifests plus what carried over, as demand rows (the demand.csv shape,
 * day 1) handed to the unchanged day planner. Carried over: what the latest dispatch before the date left (failed
 * deliveries and pick-ups, unrouted parcels, N-day waits) and the manifests of later dates never dispatched.
 * N-day stations (service limit N ≥ 1) are visited on every (N+1)-th date, staggered by a hash of their id; on
 * other dates their parcels wait and are marked deferred.
 */
import type { DemandRow, Scenario } from '../model/types.ts';
import { planDay, type PlanDayOptions } from '../planning/day.ts';
import { emptyPlan, stationLimitDays } from '../planning/common.ts';
import type { OperationsStore } from '../store/operations.ts';
import { carriedFrom } from './carry.ts';
import { epochDay, InputError, requireOperationalDate } from './table-file.ts';
import { manifestRevision } from './dispatch.ts';
import type { CarriedLine, CarriedOverSummary, DatePlan, DatePlanBasis } from './types.ts';

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/** True when a station with an N-day limit is visited on this date (every date for same-day stations). */
export function isVisitDate(stationId: string, limitDays: number, date: string): boolean {
  if (limitDays <= 0) return true;
  return (epochDay(date) + hash(stationId)) % (limitDays + 1) === 0;
}

/** The demand rows of a date and the marks of where they came from. */
export function buildDateBasis(
  scenario: Scenario,
  scenarioId: string,
  date: string,
  ops: OperationsStore,
): DatePlanBasis {
  requireOperationalDate(date, '--date');
  const manifests = ops.listManifests(scenarioId, date);
  const before = ops.dispatchBefore(scenarioId, date);
  const carriedIn = [
    ...(before ? carriedFrom(before, ops) : []),
    ...notDispatchedLines(ops, scenarioId, date, before?.date ?? null),
  ];
  if (manifests.length === 0 && carriedIn.length === 0) {
    throw new InputError([
      {
        file: '--date',
        row: null,
        field: null,
        message: `no manifests imported for ${date} and nothing carried over; import them with "gongpei manifest import ${scenarioId} --date ${date} --carrier ID FILE"`,
      },
    ]);
  }
  const placeById = new Map(scenario.places.map((p) => [p.id, p] as const));
  const visit = (stationId: string) =>
    isVisitDate(stationId, stationLimitDays(scenario, placeById.get(stationId)), date);
  const rows: DatePlanBasis['rows'] = [];
  const deferred: CarriedLine[] = [];
  const carried: CarriedLine[] = [];
  for (const m of manifests) {
    for (const r of m.rows) {
      if (visit(r.stationId)) rows.push({ ...r, carrierId: m.carrierId });
      else if (r.parcelsDown > 0)
        deferred.push({
          stationId: r.stationId,
          carrierId: m.carrierId,
          parcels: r.parcelsDown,
          kg: r.kgDown,
          cold: r.cold,
          fromDate: date,
          reason: 'n_day',
        });
      // Pick-ups of a station not visited today are collected on its visit date (the produce waits at the station).
    }
  }
  for (const l of carriedIn) {
    if (!visit(l.stationId)) {
      deferred.push({ ...l, reason: l.reason === 'unassigned' ? 'n_day' : l.reason });
      continue;
    }
    carried.push(l);
    rows.push({
      stationId: l.stationId,
      carrierId: l.carrierId,
      parcelsDown: l.parcels,
      kgDown: l.kg,
      parcelsUp: l.parcelsUp ?? 0,
      kgUp: l.kgUp ?? 0,
      cold: l.cold,
      upZone: l.upZone ?? '',
    });
  }
  const after = before?.date ?? null;
  return {
    date,
    rows,
    carried,
    deferred,
    manifestIds: manifestRevision(ops, scenarioId, date, after),
    manifestsAfter: after,
  };
}

/**
 * Manifests of dates after the latest dispatch before `date` (any earlier date when none) that were never
 * dispatched: their parcels and pick-ups pass on to this date, marked 'not_dispatched'.
 */
export function notDispatchedLines(
  ops: OperationsStore,
  scenarioId: string,
  date: string,
  after: string | null,
): CarriedLine[] {
  const out: CarriedLine[] = [];
  for (const m of ops.listManifests(scenarioId)) {
    if (m.date >= date || (after !== null && m.date <= after) || ops.dispatchOfDate(scenarioId, m.date)) continue;
    for (const r of m.rows) {
      if (r.parcelsDown <= 0 && r.parcelsUp <= 0) continue;
      out.push({
        stationId: r.stationId,
        carrierId: m.carrierId,
        parcels: r.parcelsDown,
        kg: r.kgDown,
        cold: r.cold,
        fromDate: m.date,
        reason: 'not_dispatched',
        ...(r.parcelsUp > 0 ? { parcelsUp: r.parcelsUp, kgUp: r.kgUp, upZone: r.upZone } : {}),
      });
    }
  }
  return out;
}

export function carriedSummary(lines: CarriedLine[]): CarriedOverSummary {
  return {
    stations: new Set(lines.map((l) => l.stationId)).size,
    parcels: lines.reduce((s, l) => s + l.parcels, 0),
    lines,
  };
}

/** Plans a date with the day planner's public API (its `rows` option); returns the plan and its basis. */
export async function planDate(
  scenario: Scenario,
  scenarioId: string,
  date: string,
  ops: OperationsStore,
  options: PlanDayOptions = {},
): Promise<{ plan: DatePlan; basis: DatePlanBasis }> {
  const basis = buildDateBasis(scenario, scenarioId, date, ops);
  const rows: DemandRow[] = basis.rows.map((r) => ({ day: 1, ...r }));
  // Dispatch sheets, actuals and the ledger follow van routes only: bus legs (issue 11) are not in them yet.
  const base = rows.length > 0 ? await planDay(scenario, 1, { ...options, rows, noBus: true }) : emptyPlan(1, false);
  return { plan: { ...base, date, carriedOver: carriedSummary(basis.carried), deferred: basis.deferred }, basis };
}
