/**
 * Output of the county planner: the JSON that `gongpei plan --json` prints and `GET /api/plans/:id`
 * returns. Field names are a stable interface (other tools read them); add fields, never rename.
 * Times are "HH:MM" clock strings in this JSON; money in yuan; distances in km.
 */

export interface PlanKpis {
  /** Σ over used vehicles of fixed + per-km + per-hour cost, trunk runs included (DESIGN.md §7). */
  totalCost: number;
  /** totalCost / (parcels delivered + parcels picked up). */
  costPerParcel: number;
  km: number;
  hours: number;
  vehiclesUsed: number;
  stationsServed: number;
  stationsUnassigned: number;
  /** Share (0..1) of stations with parcels whose service limit is met. */
  serviceCompliance: number;
  parcelsDown: number;
  parcelsUp: number;
  /** Σ of the bus legs' prices (parcels × price_per_parcel + kg × price_per_kg); included in totalCost. */
  busCost?: number;
}

/** A station's parcels handed to a passenger bus at a stop of its line (the station keeper collects them). */
export interface BusLegStop {
  stationId: string;
  /** Place id of the bus stop (within the line's pickup radius of the station). */
  stopId: string;
  parcels: number;
  kg: number;
  /** "HH:MM": departure + minutes to the stop + handover minutes. */
  arrival: string;
  byCarrier: { [carrierId: string]: { down: number; up: number } };
}

/** One run of a bus line carrying parcels (bus_lines.csv). */
export interface BusLeg {
  /** Line id (bus_lines.csv line_id). */
  line: string;
  /** "HH:MM" departure from the line's first stop (the warehouse / county bus station). */
  departure: string;
  stops: BusLegStop[];
}

export interface PlanStop {
  stationId: string;
  /** "HH:MM" arrival (service starts at max(arrival, window open)). */
  arrival: string;
  departure: string;
  parcelsDown: number;
  parcelsUp: number;
  kgDown: number;
  kgUp: number;
  /** Parcels on board after the stop. */
  load: number;
  /** kg on board after the stop. */
  loadKg: number;
  /**
   * Parcels per carrier at this stop (carrierId → { down, up }); Σ down = parcelsDown, Σ up = parcelsUp. On a trunk
   * stop (a hub) the parcels of the hub's stations the trunk drops off and collects.
   */
  byCarrier: { [carrierId: string]: { down: number; up: number } };
  /** true for a station's cold-chain job, which is always its own stop (a cold van's stop). */
  cold: boolean;
}

export interface PlanRoute {
  /** Vehicle id: fleet row id + '#' + ordinal, e.g. "van-hub-3#2". */
  vehicle: string;
  /** Fleet row id (vehicle type). */
  fleetId: string;
  /** Depot place id the route starts and ends at. */
  depot: string;
  /** 'trunk' = warehouse → hubs line-haul; 'delivery' = station route. */
  kind: 'trunk' | 'delivery';
  /** For trunk routes, the hub ids visited; for delivery routes, empty. */
  hubs?: string[];
  /** Trip number of the vehicle (1, 2, …) when a vehicle makes several trips in the day (reloading at its depot). */
  trip?: number;
  /**
   * The vehicle's lunch break (fleet.csv break_minutes), on the trip it follows (or trip 1 when taken before it); with
   * `stationId`, taken during this trip at that stop after its service (1-based `afterStop` in `stops`).
   */
  break?: { start: string; end: string; stationId?: string; afterStop?: number };
  departure: string;
  returnTime: string;
  km: number;
  hours: number;
  cost: number;
  stops: PlanStop[];
}

export interface PlanUnassigned {
  stationId: string;
  /** Machine-readable reason (engine reasons plus planner ones, e.g. 'unreachable', 'capacity', 'no_cold_vehicle', 'fleet'). */
  reason: string;
  /** Human text naming the cause. */
  detail?: string;
}

export interface HorizonStation {
  stationId: string;
  /** 1-based days of the horizon on which the station is visited. */
  visitDays: number[];
  /** Longest wait (days) of any parcel between arrival at the warehouse and delivery. */
  maxWaitDays: number;
  limitDays: number;
}

export interface HorizonResult {
  days: number;
  totalCost: number;
  /** Cost of visiting every station with parcels every day over the same horizon. */
  everyDayCost: number;
  stations: HorizonStation[];
  /** Per-day KPIs of the periodic plan. */
  /**
   * Per-day KPIs of the periodic plan, and each day's dispatchable routes and unassigned stations (days with
   * parcels only; a day missing here visits nobody).
   */
  perDay?: Array<{ day: number; kpis: PlanKpis; routes?: PlanRoute[]; unassigned?: PlanUnassigned[] }>;
}

export interface CompareResult {
  shared: PlanKpis;
  separate: PlanKpis;
  savings: { cost: number; km: number; vehicles: number; stops: number; costShare: number };
  /** Per carrier: its own separate cost vs its allocated share of the shared cost (rule in allocationRule). */
  perCarrier?: Array<{
    carrierId: string;
    separateCost: number;
    sharedAllocated: number;
    savings: number;
    /** Cost of the carrier alone on the shared network (same depots, hubs, vehicle types, bus lines). */
    sameNetworkCost?: number;
    /** The carrier's Shapley value (yuan). */
    shapley?: number;
    /** Pays less than alone (status quo separate cost) under the parcel-share rule / under Shapley. */
    paysLessThanAloneParcelShare?: boolean;
    paysLessThanAloneShapley?: boolean;
  }>;
  allocationRule?: string;
  /** Baseline 2: each carrier alone with the shared plan's depots, hub tier, vehicle types and bus lines (pooling alone). */
  separateSameNetwork?: PlanKpis;
  /** separate − shared (yuan) = network (separate − separateSameNetwork) + pooling (separateSameNetwork − shared). */
  savingsDecomposition?: { total: number; network: number; pooling: number };
  /** Engine time given to every solve of the comparison. */
  engineTime?: { secondsPerStation: number; note: string };
  /** The shared cost split among carriers (each sums to shared.totalCost). */
  allocation?: CostAllocation;
  /** With bus lines: the shared plan without buses (the plan kept is the cheaper one). */
  sharedWithoutBus?: PlanKpis;
}

export interface CostAllocation {
  /** carrierId → yuan, in proportion to parcels (down + up). */
  parcelShare: { [carrierId: string]: number };
  /** carrierId → yuan, Shapley value over coalition plans (null with more than 7 carriers). */
  shapley: { [carrierId: string]: number } | null;
  /** Coalition ('a+b') → its planned cost before scaling (Shapley input). */
  coalitionCosts?: { [coalition: string]: number };
  /** Factor applied to every coalition cost so the grand coalition equals the shared plan's cost. */
  coalitionScale?: number;
  /** Engine seconds per station of each coalition plan. */
  coalitionSecondsPerStation?: number;
  note: string;
}

export interface PlanResult {
  /** Store id of the plan, when it was saved. */
  id?: string;
  scenarioId?: string;
  day: number;
  mode: 'shared' | 'separate' | 'compare';
  /** true when travel times are straight-line estimates (no road data). */
  estimatedTravel: boolean;
  kpis: PlanKpis;
  routes: PlanRoute[];
  unassigned: PlanUnassigned[];
  /** Parcels sent on passenger-bus runs instead of vans (empty when the plan uses none). */
  busLegs?: BusLeg[];
  compare?: CompareResult;
  horizon?: HorizonResult;
  /** Engine checker verdict on the plan (must be feasible). */
  check?: { feasible: boolean; violations: string[] };
  /** Notes on how the plan was made (e.g. a depot planned in greedy rounds because a lunch break fit no engine trip). */
  notes?: string[];
}
