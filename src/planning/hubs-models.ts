/**
 * Hub-location models on plain arrays (no scenario, no I/O): p-median, set covering and capacitated
 * facility location as MIPs (./mip.ts), plus a greedy + interchange p-median heuristic for comparison.
 *
 * Depots are numbered 0..nDepots−1: the first `nFixed` are always open and uncapacitated (the county
 * warehouse), the rest are candidates (hubs and hub candidates). time[i * nDepots + j] is the travel time
 * in minutes from depot j to station i (Infinity = unreachable).
 */
import {
  MipBuilder,
  solveMip,
  type MipResult,
  type MipSolveOptions,
  type MipStatus,
  type MipSolverName,
} from './mip.ts';

export interface LocationInstance {
  nStations: number;
  nDepots: number;
  /** Depots 0..nFixed−1 are always open (no fixed cost, no capacity limit). */
  nFixed: number;
  /** Row-major nStations × nDepots minutes, depot → station. */
  time: Float64Array;
  /** Parcels per day of each station (the p-median weight and the capacity load). */
  weight: Float64Array;
  /** Depot indices (≥ nFixed) forced open. */
  pinned?: number[];
  /** Depot indices (≥ nFixed) that may not open. */
  banned?: number[];
}

export interface LocationSolution {
  /** MIP status, or 'heuristic' for the greedy + interchange answer (a local optimum). */
  status: MipStatus | 'heuristic';
  /** Open candidate depots (indices ≥ nFixed), ascending. */
  open: number[];
  /** Depot of each station; −1 when the station cannot be served (see `unserved`). */
  assign: Int32Array;
  objective: number;
  bound: number;
  gap: number;
  seconds: number;
  solver: MipSolverName | 'heuristic' | 'none';
  /** Stations left out of the model, with the reason. */
  unserved: Array<{ station: number; reason: string }>;
  detail?: string;
}

function candidateStatus(inst: LocationInstance): Int8Array {
  // 0 = free candidate, 1 = pinned, −1 = banned / fixed (not a decision)
  const st = new Int8Array(inst.nDepots);
  for (let j = 0; j < inst.nFixed; j++) st[j] = -1;
  for (const j of inst.banned ?? []) st[j] = -1;
  for (const j of inst.pinned ?? []) {
    if (j < inst.nFixed) continue;
    if (st[j] === -1) throw new Error(`depot ${j} is both pinned and banned`);
    st[j] = 1;
  }
  return st;
}

/** Minutes from the nearest always-open depot, per station (Infinity when there is none). */
function fixedTime(inst: LocationInstance): Float64Array {
  const out = new Float64Array(inst.nStations).fill(Infinity);
  for (let i = 0; i < inst.nStations; i++) {
    for (let j = 0; j < inst.nFixed; j++) out[i] = Math.min(out[i], inst.time[i * inst.nDepots + j]);
  }
  return out;
}

/** Nearest open depot (fixed or in `open`) of every station; −1 if none reachable. */
export function nearestAssignment(inst: LocationInstance, open: readonly number[]): Int32Array {
  const assign = new Int32Array(inst.nStations).fill(-1);
  const depots = [...Array.from({ length: inst.nFixed }, (_, j) => j), ...open];
  for (let i = 0; i < inst.nStations; i++) {
    let best = Infinity;
    for (const j of depots) {
      const t = inst.time[i * inst.nDepots + j];
      if (t < best) {
        best = t;
        assign[i] = j;
      }
    }
  }
  return assign;
}

/** Σ weight × minutes of an assignment (stations with −1 are skipped). */
export function weightedMinutes(inst: LocationInstance, assign: Int32Array): number {
  let s = 0;
  for (let i = 0; i < inst.nStations; i++) {
    const j = assign[i];
    if (j >= 0) s += inst.weight[i] * inst.time[i * inst.nDepots + j];
  }
  return s;
}

interface AssignColumns {
  /** Per station: list of [depot, column] pairs of its x variables. */
  cols: Array<Array<[number, number]>>;
  unserved: Array<{ station: number; reason: string }>;
}

/**
 * x columns of the stations. A candidate at least as far as the nearest always-open (uncapacitated)
 * depot is never needed for that station — sending it to the open depot costs no more and uses no
 * capacity — so such x columns are left out (an exact reduction that shrinks Daming-like models a lot).
 */
function addAssignColumns(
  b: MipBuilder,
  inst: LocationInstance,
  status: Int8Array,
  costOf: (i: number, j: number) => number,
  allowed: (i: number, j: number) => boolean,
  integer: boolean,
  /**
   * Uncapacitated models with exactly p open depots only: pinned depots count as always open (same
   * dominance as the warehouse), and when `freeRank` = free − (p − pinned) + 1, at least one of a station's
   * `freeRank` nearest free candidates is open, so farther free candidates are never its nearest.
   */
  uncapacitated?: { freeRank: number },
): AssignColumns {
  const tFixed = fixedTime(inst);
  const cols: Array<Array<[number, number]>> = [];
  const unserved: Array<{ station: number; reason: string }> = [];
  for (let i = 0; i < inst.nStations; i++) {
    const list: Array<[number, number]> = [];
    let bestFixed = -1;
    for (let j = 0; j < inst.nFixed; j++) {
      const t = inst.time[i * inst.nDepots + j];
      if (Number.isFinite(t) && allowed(i, j) && (bestFixed < 0 || t < inst.time[i * inst.nDepots + bestFixed]))
        bestFixed = j;
    }
    if (bestFixed >= 0) list.push([bestFixed, -1]);
    const near: Array<[number, number]> = []; // [depot, minutes] of candidate depots worth a column
    for (let j = inst.nFixed; j < inst.nDepots; j++) {
      if (status[j] === -1) continue;
      const t = inst.time[i * inst.nDepots + j];
      if (!Number.isFinite(t) || !allowed(i, j)) continue;
      if (bestFixed >= 0 && t >= tFixed[i]) continue;
      near.push([j, t]);
    }
    if (uncapacitated) {
      near.sort((a, b) => a[1] - b[1] || a[0] - b[0]);
      let cut = near.length;
      let free = 0;
      for (let k = 0; k < near.length; k++) {
        // a pinned depot is open: nothing farther is needed; nor beyond the freeRank-th free candidate
        if (status[near[k][0]] === 1 || ++free >= uncapacitated.freeRank) {
          cut = k + 1;
          break;
        }
      }
      near.length = cut;
    }
    for (const [j] of near) list.push([j, -1]);
    if (list.length === 0) {
      unserved.push({ station: i, reason: 'unreachable from the warehouse and every allowed candidate' });
      cols.push([]);
      continue;
    }
    for (const pair of list) pair[1] = b.addCol(costOf(i, pair[0]), 0, 1, integer);
    cols.push(list);
  }
  return { cols, unserved };
}

function addYColumns(
  b: MipBuilder,
  inst: LocationInstance,
  status: Int8Array,
  cost: (j: number) => number,
): Int32Array {
  const y = new Int32Array(inst.nDepots).fill(-1);
  for (let j = inst.nFixed; j < inst.nDepots; j++) {
    if (status[j] === -1) continue;
    y[j] = b.addCol(cost(j), status[j] === 1 ? 1 : 0, 1, true);
  }
  return y;
}

function openFromX(inst: LocationInstance, y: Int32Array, x: Float64Array): number[] {
  const open: number[] = [];
  for (let j = inst.nFixed; j < inst.nDepots; j++) if (y[j] >= 0 && x[y[j]] > 0.5) open.push(j);
  return open;
}

/** A location solution from a MIP result and the layout read from it. */
function solutionOf(
  r: MipResult,
  open: number[],
  assign: Int32Array,
  unserved: LocationSolution['unserved'],
): LocationSolution {
  const { status, objective, bound, gap, seconds, solver } = r;
  return {
    status,
    open,
    assign,
    objective,
    bound,
    gap,
    seconds,
    solver,
    unserved,
    ...(r.detail ? { detail: r.detail } : {}),
  };
}

function emptyResult(inst: LocationInstance, r: MipResult, unserved: LocationSolution['unserved']): LocationSolution {
  return solutionOf(r, [], new Int32Array(inst.nStations).fill(-1), unserved);
}

/** p-median: open exactly p candidates (pinned included), minimise Σ weight × minutes to the nearest open depot. */
export async function solvePMedian(
  inst: LocationInstance,
  p: number,
  mip: MipSolveOptions = {},
): Promise<LocationSolution> {
  const status = candidateStatus(inst);
  const free = status.reduce((n, s) => n + (s === 0 ? 1 : 0), 0);
  const pinned = status.reduce((n, s) => n + (s === 1 ? 1 : 0), 0);
  if (!Number.isInteger(p) || p < 0) throw new Error(`p must be a non-negative integer (got ${p})`);
  if (p < pinned) throw new Error(`p = ${p} is less than the ${pinned} pinned hubs`);
  if (p > free + pinned) throw new Error(`p = ${p} exceeds the ${free + pinned} allowed hub candidates`);
  const { b, y, cols, unserved } = pMedianModel(inst, status, p, free - (p - pinned) + 1);
  const model = b.build();
  let start: Float64Array | undefined;
  if (mip.start === undefined && pinned + free > p && unserved.length === 0) {
    // the greedy + interchange layout as HiGHS's first incumbent (cheap next to the MIP)
    const h = pMedianHeuristic(inst, p);
    if (h.unserved.length === 0) {
      start = new Float64Array(model.numCols);
      for (const j of h.open) start[y[j]] = 1;
      cols.forEach((list, i) => {
        // the nearest open depot of the heuristic layout among the station's columns
        let pick: [number, number] | null = null;
        for (const c of list) {
          const isOpen = c[0] < inst.nFixed || start![y[c[0]]] === 1;
          if (isOpen && (!pick || inst.time[i * inst.nDepots + c[0]] < inst.time[i * inst.nDepots + pick[0]])) pick = c;
        }
        if (pick) start![pick[1]] = 1;
      });
    }
  }
  // HiGHS presolve costs more than it saves on this model (measured: ~2× CPU on the 50 × 1000 bench and on
  // Daming); the root LP is usually integral.
  const r = await solveMip(model, { presolve: false, ...mip, ...(start ? { start } : {}) });
  if (!Number.isFinite(r.objective)) return emptyResult(inst, r, unserved);
  const open = openFromX(inst, y, r.x);
  // x is continuous: with y integral each station goes (fractionally at ties) to nearest open depots;
  // report the nearest open depot, which has the same cost.
  const assign = nearestAssignment(inst, open);
  for (const u of unserved) assign[u.station] = -1;
  return solutionOf(r, open, assign, unserved);
}

/**
 * The strong facility-location model shared by p-median, set cover's second phase and the capacitated model:
 * a y column per allowed candidate (cost `openCost`), x columns per station (addAssignColumns) and the strong
 * rows (addStrongRows). Callers add their own rows (open count, capacities).
 */
function facilityModel(
  inst: LocationInstance,
  status: Int8Array,
  openCost: (j: number) => number,
  assignCost: (i: number, j: number) => number,
  allowed: (i: number, j: number) => boolean,
  integer: boolean,
  uncapacitated?: { freeRank: number },
): AssignColumns & { b: MipBuilder; y: Int32Array } {
  const b = new MipBuilder();
  const y = addYColumns(b, inst, status, openCost);
  const { cols, unserved } = addAssignColumns(b, inst, status, assignCost, allowed, integer, uncapacitated);
  addStrongRows(b, y, cols);
  return { b, y, cols, unserved };
}

/**
 * The p-median model: exactly `count` candidates open, least parcel-weighted minutes (continuous x). With
 * `freeRank` (p-median proper) the x columns are cut as addAssignColumns explains.
 */
function pMedianModel(
  inst: LocationInstance,
  status: Int8Array,
  count: number,
  freeRank?: number,
): AssignColumns & { b: MipBuilder; y: Int32Array } {
  const uncapacitated = freeRank === undefined ? undefined : { freeRank };
  const model = facilityModel(
    inst,
    status,
    () => 0,
    weightedTime(inst),
    () => true,
    false,
    uncapacitated,
  );
  addOpenCountRow(model.b, model.y, count);
  return model;
}

/** Parcel-weighted minutes of station i served from depot j. */
function weightedTime(inst: LocationInstance): (i: number, j: number) => number {
  return (i, j) => inst.weight[i] * inst.time[i * inst.nDepots + j];
}

/** Exactly `count` candidates open (Σ y = count over the allowed candidates). */
function addOpenCountRow(b: MipBuilder, y: Int32Array, count: number): void {
  const yCols = Array.from(y).filter((c) => c >= 0);
  if (yCols.length > 0)
    b.addRow(
      yCols,
      yCols.map(() => 1),
      count,
      count,
    );
}

/** Σ_j x_ij = 1 for each station, and x_ij ≤ y_j (the strong formulation) for candidate depots. */
function addStrongRows(b: MipBuilder, y: Int32Array, cols: Array<Array<[number, number]>>): void {
  for (const list of cols) {
    if (list.length === 0) continue;
    b.addRow(
      list.map((p) => p[1]),
      list.map(() => 1),
      1,
      1,
    );
    for (const [j, c] of list) {
      if (y[j] >= 0) b.addRow([c, y[j]], [1, -1], -Infinity, 0);
    }
  }
}

export interface SetCoverSolution extends LocationSolution {
  /** Σ weight × minutes of the reported assignment (second phase: the best one among the fewest-hub layouts). */
  weightedMinutes: number;
}

/** Phase 1 rows: each station beyond maxMinutes of the fixed depots needs an open candidate within it. */
function addCoverRows(
  b: MipBuilder,
  inst: LocationInstance,
  y: Int32Array,
  tFixed: Float64Array | number[],
  maxMinutes: number,
) {
  const unserved: LocationSolution['unserved'] = [];
  const coverRows: number[][] = [];
  for (let i = 0; i < inst.nStations; i++) {
    if (tFixed[i] <= maxMinutes) continue;
    const cover: number[] = [];
    for (let j = inst.nFixed; j < inst.nDepots; j++)
      if (y[j] >= 0 && inst.time[i * inst.nDepots + j] <= maxMinutes) cover.push(y[j]);
    if (cover.length === 0) {
      unserved.push({ station: i, reason: `no depot within ${maxMinutes} min` });
      continue;
    }
    coverRows.push(cover);
    b.addRow(
      cover,
      cover.map(() => 1),
      1,
      Infinity,
    );
  }
  return { coverRows, unserved };
}

/**
 * Phase 2 model: exactly `count` hubs, the same cover rows, least parcel-weighted minutes (stations outside the
 * cover limit are still assigned to their nearest open depot).
 */
function leastMinutesModel(
  inst: LocationInstance,
  status: ReturnType<typeof candidateStatus>,
  y: Int32Array,
  count: number,
  coverRows: number[][],
) {
  const { b: b2, y: y2 } = pMedianModel(inst, status, count);
  for (const cover of coverRows) {
    // cover rows were written on phase-1 y columns; y2 uses the same depot order, map by depot
    const mapped = cover.map((c) => y2[y.indexOf(c)]);
    b2.addRow(
      mapped,
      mapped.map(() => 1),
      1,
      Infinity,
    );
  }
  return { b2, y2 };
}

/**
 * Set covering: fewest candidates so that every station is within maxMinutes of an open depot. Stations no
 * allowed depot reaches within maxMinutes are reported in `unserved` and left out. A second MIP then picks,
 * among layouts with that fewest number of hubs, the one with the least parcel-weighted travel time.
 */
export async function solveSetCover(
  inst: LocationInstance,
  maxMinutes: number,
  mip: MipSolveOptions = {},
): Promise<SetCoverSolution> {
  if (!(maxMinutes > 0)) throw new Error(`max minutes must be positive (got ${maxMinutes})`);
  const status = candidateStatus(inst);
  const tFixed = fixedTime(inst);
  const b = new MipBuilder();
  const y = addYColumns(b, inst, status, () => 1);
  const { coverRows, unserved } = addCoverRows(b, inst, y, tFixed, maxMinutes);
  const r1 = await solveMip(b.build(), mip);
  if (!Number.isFinite(r1.objective)) return { ...emptyResult(inst, r1, unserved), weightedMinutes: Infinity };
  const count = Math.round(r1.objective);

  // Phase 2: same count, same cover rows, least weighted minutes (stations outside the cover limit are
  // still assigned to their nearest open depot).
  const { b2, y2 } = leastMinutesModel(inst, status, y, count, coverRows);
  const r2 = await solveMip(b2.build(), { presolve: false, ...mip });
  const useSecond = Number.isFinite(r2.objective);
  const open = useSecond ? openFromX(inst, y2, r2.x) : openFromX(inst, y, r1.x);
  const assign = nearestAssignment(inst, open);
  for (let i = 0; i < inst.nStations; i++)
    if (assign[i] >= 0 && !Number.isFinite(inst.time[i * inst.nDepots + assign[i]])) assign[i] = -1;
  const status2: MipStatus = r1.status === 'optimal' && (!useSecond || r2.status === 'optimal') ? 'optimal' : r1.status;
  return {
    status: status2,
    open,
    assign,
    objective: count,
    bound: r1.bound,
    gap: r1.gap,
    seconds: r1.seconds + r2.seconds,
    solver: r1.solver,
    unserved,
    weightedMinutes: weightedMinutes(inst, assign),
    ...(r1.detail ? { detail: r1.detail } : {}),
  };
}

export interface CapacitatedParams {
  /** Opening cost per day of each depot (index ≥ nFixed), yuan. */
  fixedCost: Float64Array;
  /** Parcels per day each depot (index ≥ nFixed) can handle. */
  capacity: Float64Array;
  /** Transport cost rate: yuan per parcel per minute of depot → station travel. */
  costPerParcelMinute: number;
}

/**
 * Capacitated facility location: minimise Σ fixed cost of open candidates + Σ rate × weight × minutes,
 * each station served by exactly one depot (single sourcing, binary x), candidate load ≤ capacity, and
 * the strong x_ij ≤ y_j rows. The warehouse is always open and uncapacitated.
 */
export async function solveCapacitated(
  inst: LocationInstance,
  params: CapacitatedParams,
  mip: MipSolveOptions = {},
): Promise<LocationSolution> {
  const status = candidateStatus(inst);
  const rate = params.costPerParcelMinute;
  const { b, y, cols, unserved } = facilityModel(
    inst,
    status,
    (j) => params.fixedCost[j],
    (i, j) => rate * inst.weight[i] * inst.time[i * inst.nDepots + j],
    // a station heavier than a candidate's capacity can never go there
    (i, j) => j < inst.nFixed || inst.weight[i] <= params.capacity[j],
    true,
  );
  const load: Array<{ c: number[]; w: number[] }> = Array.from({ length: inst.nDepots }, () => ({ c: [], w: [] }));
  cols.forEach((list, i) => {
    for (const [j, c] of list) {
      if (j < inst.nFixed || inst.weight[i] === 0) continue;
      load[j].c.push(c);
      load[j].w.push(inst.weight[i]);
    }
  });
  for (let j = inst.nFixed; j < inst.nDepots; j++) {
    if (y[j] < 0 || load[j].c.length === 0) continue;
    b.addRow([...load[j].c, y[j]], [...load[j].w, -params.capacity[j]], -Infinity, 0);
  }
  const r = await solveMip(b.build(), mip);
  if (!Number.isFinite(r.objective)) return emptyResult(inst, r, unserved);
  const open = openFromX(inst, y, r.x);
  const assign = new Int32Array(inst.nStations).fill(-1);
  cols.forEach((list, i) => {
    for (const [j, c] of list) if (r.x[c] > 0.5) assign[i] = j;
  });
  return solutionOf(r, open, assign, unserved);
}

/** Cost of a capacitated layout's assignment: Σ fixed cost of `open` + rate × Σ weight × minutes. */
export function capacitatedCost(
  inst: LocationInstance,
  params: CapacitatedParams,
  open: readonly number[],
  assign: Int32Array,
): number {
  let s = 0;
  for (const j of open) s += params.fixedCost[j];
  return s + params.costPerParcelMinute * weightedMinutes(inst, assign);
}

/**
 * Greedy + interchange (Teitz–Bart) p-median heuristic: add the candidate that lowers the cost most until
 * p are open, then swap an open for a closed candidate while that improves the cost. No bound: gap unknown.
 */
export function pMedianHeuristic(inst: LocationInstance, p: number): LocationSolution {
  const started = performance.now();
  const status = candidateStatus(inst);
  const open: number[] = [];
  for (let j = 0; j < inst.nDepots; j++) if (status[j] === 1) open.push(j);
  greedyOpen(inst, status, open, p);
  interchange(inst, status, open);
  open.sort((x, y) => x - y);
  const n = inst.nStations;
  const assign = nearestAssignment(inst, open);
  const unserved: LocationSolution['unserved'] = [];
  for (let i = 0; i < n; i++)
    if (assign[i] < 0 || !Number.isFinite(inst.time[i * inst.nDepots + assign[i]])) {
      assign[i] = -1;
      unserved.push({ station: i, reason: 'unreachable from every open depot' });
    }
  return {
    status: 'heuristic',
    open,
    assign,
    objective: weightedMinutes(inst, assign),
    bound: -Infinity,
    gap: Infinity,
    seconds: (performance.now() - started) / 1000,
    solver: 'heuristic',
    unserved,
    detail: 'greedy + interchange heuristic: local optimum, no bound',
  };
}

/** Greedy: open the candidate that lowers the cost most until p are open (or none helps). */
function greedyOpen(inst: LocationInstance, status: ArrayLike<number>, open: number[], p: number): void {
  const n = inst.nStations;
  const D = inst.nDepots;
  // best[i] = minutes to the nearest open depot (fixed ones included)
  const best = new Float64Array(n).fill(Infinity);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < inst.nFixed; j++) best[i] = Math.min(best[i], inst.time[i * D + j]);
    for (const j of open) best[i] = Math.min(best[i], inst.time[i * D + j]);
  }
  while (open.length < p) {
    let bestJ = -1;
    let bestGain = -Infinity;
    for (let j = inst.nFixed; j < D; j++) {
      if (status[j] !== 0 || open.includes(j)) continue;
      let gain = 0;
      for (let i = 0; i < n; i++) {
        const t = inst.time[i * D + j];
        const cur = best[i];
        if (t < cur) gain += cur === Infinity ? BIG_M * (inst.weight[i] + 1) : inst.weight[i] * (cur - t);
      }
      if (gain > bestGain) {
        bestGain = gain;
        bestJ = j;
      }
    }
    if (bestJ < 0) break;
    open.push(bestJ);
    for (let i = 0; i < n; i++) best[i] = Math.min(best[i], inst.time[i * D + bestJ]);
  }
}

/** Teitz–Bart interchange: swap an open (not pinned) for a closed candidate while that lowers the cost. */
function interchange(inst: LocationInstance, status: ArrayLike<number>, open: number[]): void {
  const n = inst.nStations;
  const D = inst.nDepots;
  const costWith = (set: readonly number[]): number => {
    let s = 0;
    for (let i = 0; i < n; i++) {
      let m = Infinity;
      for (let j = 0; j < inst.nFixed; j++) m = Math.min(m, inst.time[i * D + j]);
      for (const j of set) m = Math.min(m, inst.time[i * D + j]);
      s += m === Infinity ? BIG_M * inst.weight[i] + BIG_M : inst.weight[i] * m;
    }
    return s;
  };
  let cost = costWith(open);
  let improved = true;
  while (improved) {
    improved = false;
    for (let a = 0; a < open.length && !improved; a++) {
      if (status[open[a]] === 1) continue;
      for (let j = inst.nFixed; j < D; j++) {
        if (status[j] !== 0 || open.includes(j)) continue;
        const trial = open.slice();
        trial[a] = j;
        const c = costWith(trial);
        if (c < cost - 1e-9) {
          open.splice(0, open.length, ...trial);
          cost = c;
          improved = true;
          break;
        }
      }
    }
  }
}

const BIG_M = 1e9;
