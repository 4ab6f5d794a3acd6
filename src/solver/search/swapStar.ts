/**
 * SWAP* (Vidal 2022): exchange U of route 1 and V of route 2, each re-inserted at its best position in the
 * other route (not necessarily in the place of the other). Candidates are ranked with a distance-and-load
 * estimate using the three best insertion positions per client (O(|r1|·|r2|)); the best few are then
 * evaluated exactly with segment proposals, so time windows and durations are respected.
 */
import type { Proposal, Route } from '../route.ts';
import { DEFAULT_HGS_PARAMS } from '../params.ts';
import type { RouteOperator, SearchContext } from './operator.ts';

/** Best insertion positions kept per client (the algorithm's structure: three suffice, Vidal 2022). */
const TOP = 3;

interface Candidate {
  pU: number;
  pV: number;
  /** U goes into route 2 after this position (original numbering), V into route 1 after this one. */
  insU: number;
  insV: number;
  approx: number;
}

export class SwapStar implements RouteOperator {
  readonly name = 'swap*';
  private best: Candidate | null = null;
  // best three insertion positions (and costs) per client of one route into the other
  private posBuf = new Int32Array(0);
  private costBuf = new Float64Array(0);

  constructor(
    private readonly ctx: SearchContext,
    /** Candidates evaluated exactly (HgsParams.swapStarCandidates). */
    private readonly exactCandidates = DEFAULT_HGS_PARAMS.swapStarCandidates,
  ) {}

  private topInsertions(from: Route, into: Route, offset: number): void {
    const inst = this.ctx.inst;
    const size = inst.size;
    const w = inst.vCostDist[into.type];
    for (let p = 1; p <= from.length; p++) {
      const loc = from.loc(p);
      const base = (offset + p) * TOP;
      for (let k = 0; k < TOP; k++) {
        this.posBuf[base + k] = -1;
        this.costBuf[base + k] = Infinity;
      }
      for (let q = 0; q <= into.length; q++) {
        const a = into.loc(q);
        const b = into.loc(q + 1);
        const c = w * (inst.dist[a * size + loc] + inst.dist[loc * size + b] - inst.dist[a * size + b]);
        if (c >= this.costBuf[base + TOP - 1]) continue;
        let k = TOP - 1;
        while (k > 0 && this.costBuf[base + k - 1] > c) {
          this.costBuf[base + k] = this.costBuf[base + k - 1];
          this.posBuf[base + k] = this.posBuf[base + k - 1];
          k--;
        }
        this.costBuf[base + k] = c;
        this.posBuf[base + k] = q;
      }
    }
  }

  private insCost = 0;
  private insPos = 0;

  /** Best insertion of the client at `from` position p into `into` where position `removed` is taken out (→ insCost, insPos). */
  private bestInsertWithout(from: Route, p: number, into: Route, removed: number, offset: number): void {
    const inst = this.ctx.inst;
    const size = inst.size;
    const base = (offset + p) * TOP;
    let bestCost = Infinity;
    let bestPos = -1;
    for (let k = 0; k < TOP; k++) {
      const q = this.posBuf[base + k];
      if (q < 0) break;
      if (q === removed || q === removed - 1) continue;
      bestCost = this.costBuf[base + k];
      bestPos = q;
      break;
    }
    // in the place of the removed client
    const loc = from.loc(p);
    const a = into.loc(removed - 1);
    const b = into.loc(removed + 1);
    const c =
      inst.vCostDist[into.type] * (inst.dist[a * size + loc] + inst.dist[loc * size + b] - inst.dist[a * size + b]);
    if (c < bestCost) {
      bestCost = c;
      bestPos = removed - 1;
    }
    this.insCost = bestCost;
    this.insPos = bestPos;
  }

  evaluate(r1: Route, r2: Route): number {
    this.best = null;
    const ctx = this.ctx;
    const inst = ctx.inst;
    const m = inst.nTypes;
    if (!ctx.allCompatible && r1.type !== r2.type) {
      // keep it simple: SWAP* only between compatible-by-construction route pairs
      for (const j of r1.jobs) if (inst.compatible[j * m + r2.type] === 0) return 0;
      for (const j of r2.jobs) if (inst.compatible[j * m + r1.type] === 0) return 0;
    }
    const n1 = r1.length;
    const n2 = r2.length;
    const need = (n1 + n2 + 2) * TOP;
    if (this.posBuf.length < need) {
      this.posBuf = new Int32Array(need * 2);
      this.costBuf = new Float64Array(need * 2);
    }
    const off2 = n1 + 1;
    this.topInsertions(r1, r2, 0);
    this.topInsertions(r2, r1, off2);
    const size = inst.size;
    const dims = inst.dims;
    const w1 = inst.vCostDist[r1.type];
    const w2 = inst.vCostDist[r2.type];
    const pen = ctx.pen;
    const cands: Candidate[] = [];
    let worst = Infinity;
    for (let pU = 1; pU <= n1; pU++) {
      const u = r1.jobs[pU - 1];
      const uLoc = inst.jobLoc[u];
      const remU =
        w1 *
        (inst.dist[r1.loc(pU - 1) * size + uLoc] +
          inst.dist[uLoc * size + r1.loc(pU + 1)] -
          inst.dist[r1.loc(pU - 1) * size + r1.loc(pU + 1)]);
      for (let pV = 1; pV <= n2; pV++) {
        const v = r2.jobs[pV - 1];
        const vLoc = inst.jobLoc[v];
        const remV =
          w2 *
          (inst.dist[r2.loc(pV - 1) * size + vLoc] +
            inst.dist[vLoc * size + r2.loc(pV + 1)] -
            inst.dist[r2.loc(pV - 1) * size + r2.loc(pV + 1)]);
        // load estimate from route totals (exact for pure deliveries or pure pickups)
        let loadDelta = 0;
        for (let k = 0; k < dims; k++) {
          const du = inst.delivery[u * dims + k] - inst.delivery[v * dims + k];
          const pu = inst.pickup[u * dims + k] - inst.pickup[v * dims + k];
          const cap1 = inst.capacity[r1.type * dims + k];
          const cap2 = inst.capacity[r2.type * dims + k];
          const l1 = r1.fLoad[n1 * dims + k];
          const l2 = r2.fLoad[n2 * dims + k];
          const new1 = Math.max(r1.fDel[n1 * dims + k] - du, r1.fPick[n1 * dims + k] - pu, l1 - Math.max(du, pu, 0));
          const new2 = Math.max(r2.fDel[n2 * dims + k] + du, r2.fPick[n2 * dims + k] + pu, l2 + Math.max(du, pu, 0));
          loadDelta +=
            Math.max(0, new1 - cap1) + Math.max(0, new2 - cap2) - Math.max(0, l1 - cap1) - Math.max(0, l2 - cap2);
        }
        const base = pen.load * loadDelta - remU - remV;
        if (base >= worst) continue;
        this.bestInsertWithout(r1, pU, r2, pV, 0);
        const cU = this.insCost;
        const insU = this.insPos;
        this.bestInsertWithout(r2, pV, r1, pU, off2);
        const approx = base + cU + this.insCost;
        const insV = this.insPos;
        const exact = this.exactCandidates;
        if (approx >= worst && cands.length >= exact) continue;
        cands.push({ pU, pV, insU, insV, approx });
        if (cands.length > exact) {
          cands.sort((a, b) => a.approx - b.approx);
          cands.length = exact;
        }
        if (cands.length === exact) worst = Math.max(...cands.map((c) => c.approx));
      }
    }
    let bestDelta = 0;
    for (const c of cands) {
      const cost1 = this.build(ctx.propA, r1, c.pU, r2.jobs[c.pV - 1], c.insV).finish(r1.type, pen);
      const cost2 = this.build(ctx.propB, r2, c.pV, r1.jobs[c.pU - 1], c.insU).finish(r2.type, pen);
      const delta = cost1 + cost2 - r1.cost - r2.cost;
      if (delta < bestDelta) {
        bestDelta = delta;
        this.best = c;
      }
    }
    return bestDelta;
  }

  /** Route r without position x, with job j inserted after original position y. */
  private build(prop: Proposal, r: Route, x: number, j: number, y: number): Proposal {
    if (y < x)
      return prop
        .prefix(r, y)
        .client(j)
        .range(r, y + 1, x - 1)
        .suffix(r, x + 1);
    return prop
      .prefix(r, x - 1)
      .range(r, x + 1, y)
      .client(j)
      .suffix(r, y + 1);
  }

  apply(r1: Route, r2: Route): void {
    const c = this.best;
    if (!c) return;
    const u = r1.jobs[c.pU - 1];
    const v = r2.jobs[c.pV - 1];
    this.ctx.commit([
      [r1, insertAfter(r1.jobs, c.pU, v, c.insV)],
      [r2, insertAfter(r2.jobs, c.pV, u, c.insU)],
    ]);
    this.best = null;
  }
}

function insertAfter(jobs: number[], removed: number, j: number, after: number): number[] {
  const out: number[] = [];
  if (after === 0) out.push(j);
  for (let p = 1; p <= jobs.length; p++) {
    if (p !== removed) out.push(jobs[p - 1]);
    if (p === after) out.push(j);
  }
  return out;
}
