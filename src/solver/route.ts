/**
 * Routes of the search with concatenable segment summaries (in the manner of PyVRP's DurationSegment and
 * LoadSegment): every prefix (start depot … position p) and every client suffix (p … last client) is cached,
 * so a move that cuts and re-joins route pieces is evaluated in O(1) by merging a few summaries.
 *
 * Duration summary of a piece: duration (travel + service + waiting), timeWarp (lateness forced on the piece),
 * [early, late] = the start times at its first node that reach that minimal duration and time warp.
 * Load summary per dimension: delivery, pickup and peak load (load on board at the worst point of the piece,
 * counting the piece's own deliveries still on board and pickups already collected).
 */
import type { Instance } from './instance.ts';

/** Penalty weights of the penalised objective (adapted by the genetic search). */
export interface Penalties {
  load: number;
  timeWarp: number;
  distance: number;
}

export class Route {
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
    this.ensure(4);
  }

  get length(): number {
    return this.jobs.length;
  }

  /** Matrix location at each position (refreshed by update). */
  locs: Int32Array = new Int32Array(0);

  /** Matrix location at a position. */
  loc(p: number): number {
    return this.locs[p]!;
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
  }

  /** Recompute every cache in O(length). */
  update(pen: Penalties): void {
    const inst = this.inst;
    const dims = inst.dims;
    const len = this.jobs.length;
    this.ensure(len + 2);
    const t = this.type;
    this.locs[0] = inst.vStart[t]!;
    for (let p = 1; p <= len; p++) this.locs[p] = inst.jobLoc[this.jobs[p - 1]!]!;
    this.locs[len + 1] = inst.vEnd[t]!;
    // Forward pass: start depot, then clients.
    this.cumDist[0] = 0;
    this.cumRevDist[0] = 0;
    this.fDur[0] = 0;
    this.fTw[0] = 0;
    this.fEarly[0] = inst.vTwStart[t]!;
    this.fLate[0] = inst.vTwEnd[t]!;
    for (let k = 0; k < dims; k++) this.fDel[k] = this.fPick[k] = this.fLoad[k] = 0;
    let prevLoc = inst.vStart[t]!;
    const size = inst.size;
    for (let p = 1; p <= len; p++) {
      const j = this.jobs[p - 1]!;
      const loc = inst.jobLoc[j]!;
      this.cumDist[p] = this.cumDist[p - 1]! + inst.dist[prevLoc * size + loc]!;
      this.cumRevDist[p] = this.cumRevDist[p - 1]! + inst.dist[loc * size + prevLoc]!;
      // merge prefix (p-1) with vertex j
      const edge = inst.dur[prevLoc * size + loc]!;
      const aDur = this.fDur[p - 1]!;
      const aTw = this.fTw[p - 1]!;
      const aE = this.fEarly[p - 1]!;
      const aL = this.fLate[p - 1]!;
      const bE = inst.twOpen[j]!;
      const bL = inst.twClose[j]!;
      const at = aDur - aTw + edge;
      const diffWait = Math.max(bE - at - aL, 0);
      const diffTw = Math.max(aE + at - bL, 0);
      this.fDur[p] = aDur + inst.service[j]! + edge + diffWait;
      this.fTw[p] = aTw + diffTw;
      this.fEarly[p] = Math.max(bE - at, aE) - diffWait;
      this.fLate[p] = Math.min(bL - at, aL) + diffTw;
      for (let k = 0; k < dims; k++) {
        const a = (p - 1) * dims + k;
        const c = p * dims + k;
        const del = inst.delivery[j * dims + k]!;
        const pick = inst.pickup[j * dims + k]!;
        this.fLoad[c] = Math.max(this.fLoad[a]! + del, Math.max(del, pick) + this.fPick[a]!);
        this.fDel[c] = this.fDel[a]! + del;
        this.fPick[c] = this.fPick[a]! + pick;
      }
      prevLoc = loc;
    }
    const endLoc = inst.vEnd[t]!;
    this.cumDist[len + 1] = this.cumDist[len]! + inst.dist[prevLoc * size + endLoc]!;
    this.cumRevDist[len + 1] = this.cumRevDist[len]! + inst.dist[endLoc * size + prevLoc]!;
    // Backward pass: client suffixes p..len (no end depot); position len+1 is the empty suffix.
    for (let k = 0; k < dims; k++) this.bDel[(len + 1) * dims + k] = this.bPick[(len + 1) * dims + k] = this.bLoad[(len + 1) * dims + k] = 0;
    let nextLoc = -1;
    for (let p = len; p >= 1; p--) {
      const j = this.jobs[p - 1]!;
      const loc = inst.jobLoc[j]!;
      const aE = inst.twOpen[j]!;
      const aL = inst.twClose[j]!;
      const aDur = inst.service[j]!;
      if (p === len) {
        this.bDur[p] = aDur;
        this.bTw[p] = 0;
        this.bEarly[p] = aE;
        this.bLate[p] = aL;
      } else {
        const edge = inst.dur[loc * size + nextLoc]!;
        const bDur = this.bDur[p + 1]!;
        const bTw = this.bTw[p + 1]!;
        const bE = this.bEarly[p + 1]!;
        const bL = this.bLate[p + 1]!;
        const at = aDur + edge;
        const diffWait = Math.max(bE - at - aL, 0);
        const diffTw = Math.max(aE + at - bL, 0);
        this.bDur[p] = aDur + bDur + edge + diffWait;
        this.bTw[p] = bTw + diffTw;
        this.bEarly[p] = Math.max(bE - at, aE) - diffWait;
        this.bLate[p] = Math.min(bL - at, aL) + diffTw;
      }
      for (let k = 0; k < dims; k++) {
        const b = (p + 1) * dims + k;
        const c = p * dims + k;
        const del = inst.delivery[j * dims + k]!;
        const pick = inst.pickup[j * dims + k]!;
        this.bLoad[c] = Math.max(Math.max(del, pick) + this.bDel[b]!, this.bLoad[b]! + pick);
        this.bDel[c] = this.bDel[b]! + del;
        this.bPick[c] = this.bPick[b]! + pick;
      }
      nextLoc = loc;
    }
    // Whole-route summary: prefix(len) + end depot.
    if (len === 0) {
      this.cost = this.distance = this.duration = this.timeWarp = this.loadExcess = this.distExcess = 0;
      return;
    }
    const edge = inst.dur[prevLoc * size + endLoc]!;
    const aDur = this.fDur[len]!;
    const aTw = this.fTw[len]!;
    const aE = this.fEarly[len]!;
    const aL = this.fLate[len]!;
    const at = aDur - aTw + edge;
    const diffWait = Math.max(inst.vTwStart[t]! - at - aL, 0);
    const diffTw = Math.max(aE + at - inst.vTwEnd[t]!, 0);
    this.duration = aDur + edge + diffWait;
    this.timeWarp = aTw + diffTw + Math.max(0, this.duration - inst.vMaxDuration[t]!);
    this.distance = this.cumDist[len + 1]!;
    this.distExcess = Math.max(0, this.distance - inst.vMaxDistance[t]!);
    let excess = 0;
    for (let k = 0; k < dims; k++) excess += Math.max(0, this.fLoad[len * dims + k]! - inst.capacity[t * dims + k]!);
    this.loadExcess = excess;
    this.cost =
      inst.vFixed[t]! +
      inst.vCostDist[t]! * this.distance +
      inst.vCostDur[t]! * this.duration +
      pen.timeWarp * this.timeWarp +
      pen.load * excess +
      pen.distance * this.distExcess;
  }

  /** Start-of-route departure that reaches the minimal duration (earliest such time; see docs/engine.md). */
  departure(): number {
    return this.fEarlyWithEnd();
  }

  private fEarlyWithEnd(): number {
    const inst = this.inst;
    const len = this.jobs.length;
    const t = this.type;
    if (len === 0) return inst.vTwStart[t]!;
    const edge = inst.t(this.loc(len), inst.vEnd[t]!);
    const aDur = this.fDur[len]!;
    const aTw = this.fTw[len]!;
    const aE = this.fEarly[len]!;
    const aL = this.fLate[len]!;
    const at = aDur - aTw + edge;
    const diffWait = Math.max(inst.vTwStart[t]! - at - aL, 0);
    return Math.max(inst.vTwStart[t]! - at, aE) - diffWait;
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
  private dur = 0;
  private tw = 0;
  private early = 0;
  private late = 0;
  private last = 0;
  private clients = 0;
  private readonly del: Float64Array;
  private readonly pick: Float64Array;
  private readonly load: Float64Array;

  constructor(inst: Instance) {
    this.inst = inst;
    this.del = new Float64Array(inst.dims);
    this.pick = new Float64Array(inst.dims);
    this.load = new Float64Array(inst.dims);
  }

  /** Start with route r's prefix: start depot and clients 1..p. */
  prefix(r: Route, p: number): this {
    const dims = this.inst.dims;
    this.dist = r.cumDist[p]!;
    this.dur = r.fDur[p]!;
    this.tw = r.fTw[p]!;
    this.early = r.fEarly[p]!;
    this.late = r.fLate[p]!;
    this.last = r.loc(p);
    this.clients = p;
    for (let k = 0; k < dims; k++) {
      this.del[k] = r.fDel[p * dims + k]!;
      this.pick[k] = r.fPick[p * dims + k]!;
      this.load[k] = r.fLoad[p * dims + k]!;
    }
    return this;
  }

  private mergeDur(loc: number, bDur: number, bTw: number, bE: number, bL: number): void {
    const inst = this.inst;
    const edge = inst.dur[this.last * inst.size + loc]!;
    const at = this.dur - this.tw + edge;
    const diffWait = Math.max(bE - at - this.late, 0);
    const diffTw = Math.max(this.early + at - bL, 0);
    this.dur = this.dur + bDur + edge + diffWait;
    this.tw = this.tw + bTw + diffTw;
    this.early = Math.max(bE - at, this.early) - diffWait;
    this.late = Math.min(bL - at, this.late) + diffTw;
  }

  /** Append one client. */
  client(j: number): this {
    const inst = this.inst;
    const loc = inst.jobLoc[j]!;
    this.dist += inst.dist[this.last * inst.size + loc]!;
    this.mergeDur(loc, inst.service[j]!, 0, inst.twOpen[j]!, inst.twClose[j]!);
    const dims = inst.dims;
    for (let k = 0; k < dims; k++) {
      const del = inst.delivery[j * dims + k]!;
      const pick = inst.pickup[j * dims + k]!;
      this.load[k] = Math.max(this.load[k]! + del, Math.max(del, pick) + this.pick[k]!);
      this.del[k] += del;
      this.pick[k] += pick;
    }
    this.last = loc;
    this.clients++;
    return this;
  }

  /** Append route r's clients i..j (forward); O(1) when j is its last client. */
  range(r: Route, i: number, j: number): this {
    const len = r.length;
    if (i > j) return this;
    if (j === len) return this.suffix(r, i);
    for (let p = i; p <= j; p++) this.client(r.jobs[p - 1]!);
    return this;
  }

  /** Append route r's clients j, j−1, …, i. */
  reversed(r: Route, i: number, j: number): this {
    for (let p = j; p >= i; p--) this.client(r.jobs[p - 1]!);
    return this;
  }

  /** Append route r's clients p..last in O(1). */
  suffix(r: Route, p: number): this {
    const len = r.length;
    if (p > len) return this;
    const inst = this.inst;
    const loc = r.loc(p);
    this.dist += inst.dist[this.last * inst.size + loc]! + (r.cumDist[len]! - r.cumDist[p]!);
    this.mergeDur(loc, r.bDur[p]!, r.bTw[p]!, r.bEarly[p]!, r.bLate[p]!);
    const dims = inst.dims;
    for (let k = 0; k < dims; k++) {
      const c = p * dims + k;
      this.load[k] = Math.max(this.load[k]! + r.bDel[c]!, r.bLoad[c]! + this.pick[k]!);
      this.del[k] += r.bDel[c]!;
      this.pick[k] += r.bPick[c]!;
    }
    this.last = r.loc(len);
    this.clients += len - p + 1;
    return this;
  }

  /** Close with vehicle type t's end depot and return the penalised cost (0 for an empty route). */
  finish(t: number, pen: Penalties): number {
    if (this.clients === 0) return 0;
    const inst = this.inst;
    const endLoc = inst.vEnd[t]!;
    const distance = this.dist + inst.dist[this.last * inst.size + endLoc]!;
    const edge = inst.dur[this.last * inst.size + endLoc]!;
    const at = this.dur - this.tw + edge;
    const diffWait = Math.max(inst.vTwStart[t]! - at - this.late, 0);
    const diffTw = Math.max(this.early + at - inst.vTwEnd[t]!, 0);
    const duration = this.dur + edge + diffWait;
    const timeWarp = this.tw + diffTw + Math.max(0, duration - inst.vMaxDuration[t]!);
    const dims = inst.dims;
    let excess = 0;
    for (let k = 0; k < dims; k++) excess += Math.max(0, this.load[k]! - inst.capacity[t * dims + k]!);
    return (
      inst.vFixed[t]! +
      inst.vCostDist[t]! * distance +
      inst.vCostDur[t]! * duration +
      pen.timeWarp * timeWarp +
      pen.load * excess +
      pen.distance * Math.max(0, distance - inst.vMaxDistance[t]!)
    );
  }
}
