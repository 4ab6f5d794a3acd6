/**
 * Routes of the search with concatenable segment summaries (segment.ts, in the manner of PyVRP's
 * DurationSegment and LoadSegment): every prefix (start depot … position p) and every client suffix
 * (p … last client) is cached, so a move that cuts and re-joins route pieces is evaluated in O(1) by merging
 * a few summaries. Pricing (objective, penalties, closing at the end depot) is cost.ts.
 */
import type { Instance } from './instance.ts';
import { closeRoute, type Penalties, type RouteTotals } from './cost.ts';
import { DurationSegment, mergeLoad } from './segment.ts';

export type { Penalties } from './cost.ts';

/** Scratch summary shared by every route and proposal (JavaScript is single-threaded; never held across calls). */
const scratch = new DurationSegment();

export class Route implements RouteTotals {
  readonly inst: Instance;
  readonly index: number;
  readonly type: number;
  /** Job indices in visiting order. */
  jobs: number[] = [];
  /** Position-indexed caches (position 0 = start depot, 1..len = clients, len+1 = end depot). */
  cumDist: Float64Array;
  cumRevDist: Float64Array;
  fDur: Float64Array;
  fTw: Float64Array;
  fEarly: Float64Array;
  fLate: Float64Array;
  bDur: Float64Array;
  bTw: Float64Array;
  bEarly: Float64Array;
  bLate: Float64Array;
  fDel: Float64Array;
  fPick: Float64Array;
  fLoad: Float64Array;
  bDel: Float64Array;
  bPick: Float64Array;
  bLoad: Float64Array;
  /**
   * Multi-trip (inst.anyReload): capacity excess of the trips closed by a reload, per vehicle type (position ×
   * nTypes) in the prefix / suffix, and the number of reload jobs among positions 1..p.
   */
  fExc: Float64Array;
  bExc: Float64Array;
  cumReload: Int32Array;
  /** Penalised cost of the whole route under the penalties at the last update. */
  cost = 0;
  distance = 0;
  duration = 0;
  timeWarp = 0;
  loadExcess = 0;
  distExcess = 0;
  /** Search bookkeeping: when the route last changed (move counter). */
  lastModified = 0;
  /** Allocated positions of the caches (grown by doubling). */
  private capacity = 0;

  constructor(inst: Instance, index: number, type: number) {
    this.inst = inst;
    this.index = index;
    this.type = type;
    this.cumDist = this.fDur = this.fTw = this.fEarly = this.fLate = new Float64Array(0);
    this.cumRevDist = this.bDur = this.bTw = this.bEarly = this.bLate = new Float64Array(0);
    this.fDel = this.fPick = this.fLoad = this.bDel = this.bPick = this.bLoad = new Float64Array(0);
    this.fExc = this.bExc = new Float64Array(0);
    this.cumReload = new Int32Array(0);
    this.ensure(4);
  }

  get length(): number {
    return this.jobs.length;
  }

  /** Matrix location at each position (refreshed by update). */
  locs: Int32Array = new Int32Array(0);

  /** Matrix location at a position. */
  loc(p: number): number {
    return this.locs[p];
  }

  private ensure(positions: number): void {
    if (positions <= this.capacity) return;
    const cap = Math.max(positions, this.capacity * 2);
    const dims = this.inst.dims;
    this.capacity = cap;
    this.locs = new Int32Array(cap);
    this.cumDist = new Float64Array(cap);
    this.cumRevDist = new Float64Array(cap);
    this.fDur = new Float64Array(cap);
    this.fTw = new Float64Array(cap);
    this.fEarly = new Float64Array(cap);
    this.fLate = new Float64Array(cap);
    this.bDur = new Float64Array(cap);
    this.bTw = new Float64Array(cap);
    this.bEarly = new Float64Array(cap);
    this.bLate = new Float64Array(cap);
    this.fDel = new Float64Array(cap * dims);
    this.fPick = new Float64Array(cap * dims);
    this.fLoad = new Float64Array(cap * dims);
    this.bDel = new Float64Array(cap * dims);
    this.bPick = new Float64Array(cap * dims);
    this.bLoad = new Float64Array(cap * dims);
    if (this.inst.anyReload) {
      this.fExc = new Float64Array(cap * this.inst.nTypes);
      this.bExc = new Float64Array(cap * this.inst.nTypes);
      this.cumReload = new Int32Array(cap);
    }
  }

  /** Recompute every cache in O(length). */
  update(pen: Penalties): void {
    const inst = this.inst;
    const len = this.jobs.length;
    this.ensure(len + 2);
    const t = this.type;
    this.locs[0] = inst.vStart[t];
    for (let p = 1; p <= len; p++) this.locs[p] = inst.jobLoc[this.jobs[p - 1]];
    this.locs[len + 1] = inst.vEnd[t];
    this.forwardPass(len);
    this.backwardPass(len);
    if (len === 0 || (inst.anyReload && this.cumReload[len] === len)) {
      this.cost = this.distance = this.duration = this.timeWarp = this.loadExcess = this.distExcess = 0;
      return;
    }
    const seg = scratch.set(this.fDur[len], this.fTw[len], this.fEarly[len], this.fLate[len]);
    const closed = inst.anyReload ? this.fExc[len * inst.nTypes + t] : 0;
    closeRoute(inst, t, seg, this.locs[len], this.cumDist[len], this.fLoad, len * inst.dims, pen, this, closed);
  }

  /** Multi-trip, prefix p: a reload closes the open trip (its excess per type is added) and resets the loads. */
  private forwardReload(p: number): void {
    const inst = this.inst;
    const m = inst.nTypes;
    const dims = inst.dims;
    const reload = p === 0 ? 0 : inst.isReload[this.jobs[p - 1]];
    this.cumReload[p] = p === 0 ? 0 : this.cumReload[p - 1] + reload;
    for (let t = 0; t < m; t++)
      this.fExc[p * m + t] =
        p === 0 ? 0 : this.fExc[(p - 1) * m + t] + (reload ? closedExcess(inst, t, this.fLoad, p * dims) : 0);
    if (reload)
      for (let k = 0; k < inst.resetDims; k++)
        this.fDel[p * dims + k] = this.fPick[p * dims + k] = this.fLoad[p * dims + k] = 0;
  }

  /** Multi-trip, suffix p (after its merge): a reload closes the suffix's leading trip and resets the loads. */
  private backwardReload(p: number, len: number): void {
    const inst = this.inst;
    const m = inst.nTypes;
    const dims = inst.dims;
    if (p === len + 1) {
      for (let t = 0; t < m; t++) this.bExc[p * m + t] = 0;
      return;
    }
    const reload = inst.isReload[this.jobs[p - 1]];
    for (let t = 0; t < m; t++)
      this.bExc[p * m + t] =
        this.bExc[(p + 1) * m + t] + (reload ? closedExcess(inst, t, this.bLoad, (p + 1) * dims) : 0);
    if (reload)
      for (let k = 0; k < inst.resetDims; k++)
        this.bDel[p * dims + k] = this.bPick[p * dims + k] = this.bLoad[p * dims + k] = 0;
  }

  /** Prefixes: start depot, then one client at a time (prefix ⊕ client). */
  private forwardPass(len: number): void {
    const inst = this.inst;
    const dims = inst.dims;
    const size = inst.size;
    const t = this.type;
    this.cumDist[0] = 0;
    this.cumRevDist[0] = 0;
    this.fDur[0] = 0;
    this.fTw[0] = 0;
    this.fEarly[0] = inst.vTwStart[t];
    this.fLate[0] = inst.vTwEnd[t];
    for (let k = 0; k < dims; k++) this.fDel[k] = this.fPick[k] = this.fLoad[k] = 0;
    const multiTrip = inst.anyReload;
    if (multiTrip) this.forwardReload(0);
    const seg = scratch;
    for (let p = 1; p <= len; p++) {
      const j = this.jobs[p - 1];
      const prevLoc = this.locs[p - 1];
      const loc = this.locs[p];
      this.cumDist[p] = this.cumDist[p - 1] + inst.dist[prevLoc * size + loc];
      this.cumRevDist[p] = this.cumRevDist[p - 1] + inst.dist[loc * size + prevLoc];
      seg.set(this.fDur[p - 1], this.fTw[p - 1], this.fEarly[p - 1], this.fLate[p - 1]);
      seg.merge(inst.dur[prevLoc * size + loc], inst.service[j], 0, inst.twOpen[j], inst.twClose[j]);
      this.fDur[p] = seg.duration;
      this.fTw[p] = seg.timeWarp;
      this.fEarly[p] = seg.early;
      this.fLate[p] = seg.late;
      for (let k = 0; k < dims; k++) {
        const a = (p - 1) * dims + k;
        const del = inst.delivery[j * dims + k];
        const pick = inst.pickup[j * dims + k];
        mergeLoad(
          this.fDel,
          this.fPick,
          this.fLoad,
          p * dims + k,
          this.fDel[a],
          this.fPick[a],
          this.fLoad[a],
          del,
          pick,
          Math.max(del, pick),
        );
      }
      if (multiTrip) this.forwardReload(p);
    }
    const last = this.locs[len];
    const endLoc = this.locs[len + 1];
    this.cumDist[len + 1] = this.cumDist[len] + inst.dist[last * size + endLoc];
    this.cumRevDist[len + 1] = this.cumRevDist[len] + inst.dist[endLoc * size + last];
  }

  /** Client suffixes p..len (client ⊕ suffix, no end depot); position len+1 is the empty suffix. */
  private backwardPass(len: number): void {
    const inst = this.inst;
    const dims = inst.dims;
    const size = inst.size;
    for (let k = 0; k < dims; k++)
      this.bDel[(len + 1) * dims + k] = this.bPick[(len + 1) * dims + k] = this.bLoad[(len + 1) * dims + k] = 0;
    const multiTrip = inst.anyReload;
    if (multiTrip) this.backwardReload(len + 1, len);
    const seg = scratch;
    for (let p = len; p >= 1; p--) {
      const j = this.jobs[p - 1];
      seg.set(inst.service[j], 0, inst.twOpen[j], inst.twClose[j]);
      if (p < len) {
        const edge = inst.dur[this.locs[p] * size + this.locs[p + 1]];
        seg.merge(edge, this.bDur[p + 1], this.bTw[p + 1], this.bEarly[p + 1], this.bLate[p + 1]);
      }
      this.bDur[p] = seg.duration;
      this.bTw[p] = seg.timeWarp;
      this.bEarly[p] = seg.early;
      this.bLate[p] = seg.late;
      for (let k = 0; k < dims; k++) {
        const b = (p + 1) * dims + k;
        const del = inst.delivery[j * dims + k];
        const pick = inst.pickup[j * dims + k];
        mergeLoad(
          this.bDel,
          this.bPick,
          this.bLoad,
          p * dims + k,
          del,
          pick,
          Math.max(del, pick),
          this.bDel[b],
          this.bPick[b],
          this.bLoad[b],
        );
      }
      if (multiTrip) this.backwardReload(p, len);
    }
  }

  /** Start-of-route departure that reaches the minimal duration (earliest such time; see docs/engine.md). */
  departure(): number {
    const inst = this.inst;
    const len = this.jobs.length;
    const t = this.type;
    if (len === 0) return inst.vTwStart[t];
    const seg = scratch.set(this.fDur[len], this.fTw[len], this.fEarly[len], this.fLate[len]);
    return seg.merge(inst.t(this.loc(len), inst.vEnd[t]), 0, 0, inst.vTwStart[t], inst.vTwEnd[t]).early;
  }

  feasible(): boolean {
    return this.timeWarp <= 1e-7 && this.loadExcess <= 1e-9 && this.distExcess <= 1e-7;
  }
}

/**
 * Accumulates a proposed route from pieces (a prefix of the owner route, single clients, client ranges of
 * any route, a reversed range) and returns its penalised cost. Reused without allocation.
 */
export class Proposal {
  private readonly inst: Instance;
  private dist = 0;
  private readonly seg = new DurationSegment();
  private last = 0;
  private clients = 0;
  private readonly del: Float64Array;
  private readonly pick: Float64Array;
  private readonly load: Float64Array;
  /** Multi-trip: excess per vehicle type of the trips closed so far, and clients that are not reload jobs. */
  private readonly exc: Float64Array;
  private real = 0;
  private readonly totals: RouteTotals = {
    distance: 0,
    duration: 0,
    timeWarp: 0,
    loadExcess: 0,
    distExcess: 0,
    cost: 0,
  };

  constructor(inst: Instance) {
    this.inst = inst;
    this.del = new Float64Array(inst.dims);
    this.pick = new Float64Array(inst.dims);
    this.load = new Float64Array(inst.dims);
    this.exc = new Float64Array(inst.anyReload ? inst.nTypes : 0);
  }

  /** Start with route r's prefix: start depot and clients 1..p. */
  prefix(r: Route, p: number): this {
    const dims = this.inst.dims;
    this.dist = r.cumDist[p];
    this.seg.set(r.fDur[p], r.fTw[p], r.fEarly[p], r.fLate[p]);
    this.last = r.loc(p);
    this.clients = p;
    for (let k = 0; k < dims; k++) {
      this.del[k] = r.fDel[p * dims + k];
      this.pick[k] = r.fPick[p * dims + k];
      this.load[k] = r.fLoad[p * dims + k];
    }
    if (this.inst.anyReload) {
      const m = this.inst.nTypes;
      for (let t = 0; t < m; t++) this.exc[t] = r.fExc[p * m + t];
      this.real = p - r.cumReload[p];
    }
    return this;
  }

  /** Dimension k of the proposal so far ⊕ a piece with these deliveries, pickups and peak load. */
  private appendLoad(k: number, del: number, pick: number, load: number): void {
    mergeLoad(this.del, this.pick, this.load, k, this.del[k], this.pick[k], this.load[k], del, pick, load);
  }

  /** Append one client. */
  client(j: number): this {
    const inst = this.inst;
    const loc = inst.jobLoc[j];
    const edge = this.last * inst.size + loc;
    this.dist += inst.dist[edge];
    this.seg.merge(inst.dur[edge], inst.service[j], 0, inst.twOpen[j], inst.twClose[j]);
    const dims = inst.dims;
    for (let k = 0; k < dims; k++) {
      const del = inst.delivery[j * dims + k];
      const pick = inst.pickup[j * dims + k];
      this.appendLoad(k, del, pick, Math.max(del, pick));
    }
    this.last = loc;
    this.clients++;
    if (inst.anyReload) this.reloadAt(j);
    return this;
  }

  /** Multi-trip: after appending job j; a reload closes the open trip. */
  private reloadAt(j: number): void {
    const inst = this.inst;
    if (!inst.isReload[j]) {
      this.real++;
      return;
    }
    for (let t = 0; t < inst.nTypes; t++) this.exc[t] += closedExcess(inst, t, this.load, 0);
    for (let k = 0; k < inst.resetDims; k++) this.del[k] = this.pick[k] = this.load[k] = 0;
  }

  /** Append route r's clients i..j (forward); O(1) when j is its last client. */
  range(r: Route, i: number, j: number): this {
    const len = r.length;
    if (i > j) return this;
    // A suffix summary closes the trips after its reloads, so it is O(1) only as a route's true end: in the
    // middle of a proposal (more clients follow) a range with reloads is appended client by client.
    if (j === len && !(this.inst.anyReload && r.cumReload[len] !== r.cumReload[i - 1])) return this.suffix(r, i);
    for (let p = i; p <= j; p++) this.client(r.jobs[p - 1]);
    return this;
  }

  /** Append route r's clients j, j−1, …, i. */
  reversed(r: Route, i: number, j: number): this {
    for (let p = j; p >= i; p--) this.client(r.jobs[p - 1]);
    return this;
  }

  /** Append route r's clients p..last in O(1). */
  suffix(r: Route, p: number): this {
    const len = r.length;
    if (p > len) return this;
    const inst = this.inst;
    const loc = r.loc(p);
    const edge = this.last * inst.size + loc;
    this.dist += inst.dist[edge] + (r.cumDist[len] - r.cumDist[p]);
    this.seg.merge(inst.dur[edge], r.bDur[p], r.bTw[p], r.bEarly[p], r.bLate[p]);
    const dims = inst.dims;
    for (let k = 0; k < dims; k++) {
      const c = p * dims + k;
      this.appendLoad(k, r.bDel[c], r.bPick[c], r.bLoad[c]);
    }
    this.last = r.loc(len);
    this.clients += len - p + 1;
    if (inst.anyReload) {
      const m = inst.nTypes;
      for (let t = 0; t < m; t++) this.exc[t] += r.bExc[p * m + t];
      this.real += len - p + 1 - (r.cumReload[len] - r.cumReload[p - 1]);
    }
    return this;
  }

  /** Close with vehicle type t's end depot and return the penalised cost (0 for an empty route). */
  finish(t: number, pen: Penalties): number {
    if (this.clients === 0) return 0;
    const multiTrip = this.inst.anyReload;
    if (multiTrip && this.real === 0) return 0; // reload jobs alone: an unused vehicle
    closeRoute(
      this.inst,
      t,
      this.seg,
      this.last,
      this.dist,
      this.load,
      0,
      pen,
      this.totals,
      multiTrip ? this.exc[t] : 0,
    );
    return this.totals.cost;
  }
}

/** Σ over the reset dimensions of the load above vehicle type t's capacity: the excess of a trip closed by a reload. */
function closedExcess(inst: Instance, t: number, load: Float64Array, off: number): number {
  let e = 0;
  for (let k = 0; k < inst.resetDims; k++) e += Math.max(0, load[off + k] - inst.capacity[t * inst.dims + k]);
  return e;
}
