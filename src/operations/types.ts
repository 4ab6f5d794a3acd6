/**
 * Shapes of daily operations (issue 12). JSON field names are a stable interface: add, never rename.
 * Dates are "YYYY-MM-DD" calendar dates of the county; times "HH:MM".
 */
import type { DemandRow } from '../model/types.ts';
import type { PlanResult } from '../planning/types.ts';

/** One validated manifest row (a station's parcels of one carrier for one date). */
export type ManifestRow = Omit<DemandRow, 'day' | 'carrierId'>;

export interface Manifest {
  id: string;
  scenarioId: string;
  date: string;
  carrierId: string;
  /** File name it was imported from. */
  source: string;
  createdAt: string;
  rows: ManifestRow[];
}

/** `gongpei manifest import --json` and the API answer. */
export interface ManifestSummary {
  id: string;
  date: string;
  carrier: string;
  rows: number;
  parcelsDown: number;
  parcelsUp: number;
  replaced?: string | null;
}

/** Parcels that did not reach their station on an earlier date and are planned again. */
export interface CarriedLine {
  stationId: string;
  carrierId: string;
  parcels: number;
  kg: number;
  cold: boolean;
  /** Date they were first due (the dispatch date they failed or waited on). */
  fromDate: string;
  /**
   * 'failed' = delivery failed; 'failed_pickup' = pick-ups the vehicle did not collect; 'unassigned' = the plan could
   * not route it; 'n_day' = waiting for the station's visit day; 'not_dispatched' = its date was never dispatched.
   */
  reason: 'failed' | 'failed_pickup' | 'unassigned' | 'n_day' | 'not_dispatched';
  /** Pick-ups (produce waiting at the station) that carry over with the line, their kg and destination zone. */
  parcelsUp?: number;
  kgUp?: number;
  upZone?: string;
}

export interface CarriedOverSummary {
  stations: number;
  parcels: number;
  lines: CarriedLine[];
}

/** A plan of a calendar date: the day plan plus where its parcels came from. */
export type DatePlan = PlanResult & {
  date: string;
  carriedOver: CarriedOverSummary;
  /** N-day stations whose parcels wait for their visit date (not planned today). */
  deferred: CarriedLine[];
};

/** What the plan of a date was built from (stored beside the plan; the dispatch reads it). */
export interface DatePlanBasis {
  date: string;
  /** Manifest rows + carried lines, per carrier (demand.csv shape, day = 1). */
  rows: Array<Omit<DemandRow, 'day'>>;
  carried: CarriedLine[];
  deferred: CarriedLine[];
  /**
   * The active manifests the plan was built from (ids, those of dates after `manifestsAfter`, the latest dispatch
   * before the date, up to the date): a dispatch of the plan is refused when they changed since. Absent on plans
   * stored before this was recorded.
   */
  manifestIds?: string[];
  manifestsAfter?: string | null;
}

/** A vehicle's lunch break on a frozen dispatch (the plan route's `break`): a row of its trip's sheet. */
export interface DispatchBreak {
  vehicle: string;
  trip: number;
  /** "HH:MM" start and end at the depot, and its length in minutes. */
  start: string;
  end: string;
  minutes: number;
  /** Taken before the trip's first stop (it ends before the trip leaves); otherwise after its return. */
  beforeTrip: boolean;
  /** Taken on the way, at the stop of this seq (after its service); absent at the depot. */
  afterSeq?: number;
}

/** One carrier's parcels at one stop of a frozen dispatch. */
export interface DispatchLine {
  vehicle: string;
  trip: number;
  depot: string;
  /** Position of the stop in its trip (1-based). */
  seq: number;
  stationId: string;
  carrierId: string;
  parcelsDown: number;
  parcelsUp: number;
  /** Of parcelsDown, parcels carried over from an earlier date. */
  carriedOver: number;
  cold: boolean;
  /** Planned "HH:MM". */
  arrival: string;
}

export interface Dispatch {
  id: string;
  scenarioId: string;
  planId: string;
  /** Day of the horizon plan dispatched (absent for a plan of a calendar date). */
  day?: number;
  date: string;
  createdAt: string;
  lines: DispatchLine[];
  /** Lunch breaks of the dispatched vehicles (fleet.csv break_minutes); absent on dispatches made before them. */
  breaks?: DispatchBreak[];
  /** Parcels of the date not on any route (unassigned or deferred): they carry over to the next date. */
  notDispatched: CarriedLine[];
  /** Mean kg of a parcel per "station|carrier" of the date (the weight of parcels that carry over). */
  kgPerParcel?: Record<string, number>;
  /** Per "station|carrier": mean kg of a pick-up and its destination zone (what failed pick-ups carry over with). */
  pickUps?: Record<string, { kgPerParcel: number; upZone: string }>;
  files: string[];
}

export interface ActualEntry {
  /** Client-generated id: the same entry sent twice is stored once. */
  entryId: string;
  vehicle: string;
  stationId: string;
  carrierId: string;
  delivered: number;
  failed: number;
  failReason: string;
  pickedUp: number;
  /** Actual "HH:MM" arrival; '' when unknown. */
  arrival: string;
}

export interface LedgerRow {
  date: string;
  stationId: string;
  carrierId: string;
  dispatched: number;
  delivered: number;
  failed: number;
  carriedOver: number;
  pickedUp: number;
  /** Parcels delivered at a stop reached no later than its planned arrival + tolerance. */
  onTime: number;
  /** Parcels dispatched with no actual recorded yet. */
  pending: number;
  plannedArrival: string;
  actualArrival: string;
}

/** The parcel counts of a ledger row, also summed in the totals. */
export type LedgerCounts = Pick<
  LedgerRow,
  'dispatched' | 'delivered' | 'failed' | 'carriedOver' | 'pickedUp' | 'onTime' | 'pending'
>;

export interface LedgerTotals extends LedgerCounts {
  deliveredShare: number;
  onTimeShare: number;
  /** Mean of (actual − planned) arrival minutes over stops with both. */
  meanArrivalDelayMinutes: number | null;
}

export interface Ledger {
  scenarioId: string;
  from: string;
  to: string;
  rows: LedgerRow[];
  totals: LedgerTotals;
}
