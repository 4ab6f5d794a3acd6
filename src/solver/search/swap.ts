/** Swap: exchange the chain of k clients starting at U with the chain of l clients starting at V ((1,1), (2,1), (2,2)). */
import type { Route } from '../route.ts';
import { rangeCompatible, type NodeOperator, type SearchContext } from './operator.ts';

export class Swap implements NodeOperator {
  readonly name: string;
  constructor(
    private readonly ctx: SearchContext,
    private readonly k: number,
    private readonly l: number,
  ) {
    this.name = `swap${k}${l}`;
  }

  evaluate(rU: Route, pU: number, rV: Route, pV: number): number {
    const { k, l } = this;
    if (pV < 1) return Infinity;
    const lastU = pU + k - 1;
    const lastV = pV + l - 1;
    if (lastU > rU.length || lastV > rV.length) return Infinity;
    const { propA, propB, pen } = this.ctx;
    if (rU === rV) {
      // Distance after the exchange in O(1) (a = earlier chain, b = later chain) bounds the cost from below.
      const uFirst = pU < pV;
      const a = uFirst ? pU : pV;
      const la = uFirst ? k : l;
      const b = uFirst ? pV : pU;
      const lb = uFirst ? l : k;
      if (a + la - 1 >= b) return Infinity;
      const inst = this.ctx.inst;
      const size = inst.size;
      const dist = inst.dist;
      const lastA = a + la - 1;
      const lastB = b + lb - 1;
      const c = rU.cumDist;
      const mid =
        lastA + 1 === b
          ? dist[rU.loc(lastB) * size + rU.loc(a)]
          : dist[rU.loc(lastB) * size + rU.loc(lastA + 1)] +
            (c[b - 1] - c[lastA + 1]) +
            dist[rU.loc(b - 1) * size + rU.loc(a)];
      const newDist =
        c[a - 1] +
        dist[rU.loc(a - 1) * size + rU.loc(b)] +
        (c[lastB] - c[b]) +
        mid +
        (c[lastA] - c[a]) +
        dist[rU.loc(lastA) * size + rU.loc(lastB + 1)] +
        (c[rU.length + 1] - c[lastB + 1]);
      if (inst.vFixed[rU.type] + inst.vCostDist[rU.type] * newDist >= rU.cost) return Infinity;
      if (pU < pV) {
        if (lastU >= pV) return Infinity;
        propA
          .prefix(rU, pU - 1)
          .range(rU, pV, lastV)
          .range(rU, lastU + 1, pV - 1)
          .range(rU, pU, lastU)
          .suffix(rU, lastV + 1);
      } else {
        if (lastV >= pU) return Infinity;
        propA
          .prefix(rU, pV - 1)
          .range(rU, pU, lastU)
          .range(rU, lastV + 1, pU - 1)
          .range(rU, pV, lastV)
          .suffix(rU, lastU + 1);
      }
      return propA.finish(rU.type, pen) - rU.cost;
    }
    if (!rangeCompatible(this.ctx, rU, pU, lastU, rV.type) || !rangeCompatible(this.ctx, rV, pV, lastV, rU.type))
      return Infinity;
    // Lower bound from distance and fixed costs alone (penalties and duration cost are ≥ 0).
    const inst = this.ctx.inst;
    const size = inst.size;
    const dist = inst.dist;
    const uPrev = rU.loc(pU - 1);
    const uNext = rU.loc(lastU + 1);
    const vPrev = rV.loc(pV - 1);
    const vNext = rV.loc(lastV + 1);
    const chainU = rU.cumDist[lastU] - rU.cumDist[pU];
    const chainV = rV.cumDist[lastV] - rV.cumDist[pV];
    const distU =
      rU.cumDist[pU - 1] +
      dist[uPrev * size + rV.loc(pV)] +
      chainV +
      dist[rV.loc(lastV) * size + uNext] +
      rU.cumDist[rU.length + 1] -
      rU.cumDist[lastU + 1];
    const distV =
      rV.cumDist[pV - 1] +
      dist[vPrev * size + rU.loc(pU)] +
      chainU +
      dist[rU.loc(lastU) * size + vNext] +
      rV.cumDist[rV.length + 1] -
      rV.cumDist[lastV + 1];
    const lb =
      inst.vFixed[rU.type] + inst.vCostDist[rU.type] * distU + inst.vFixed[rV.type] + inst.vCostDist[rV.type] * distV;
    if (lb >= rU.cost + rV.cost) return Infinity;
    const costU = propA
      .prefix(rU, pU - 1)
      .range(rV, pV, lastV)
      .suffix(rU, lastU + 1)
      .finish(rU.type, pen);
    const costV = propB
      .prefix(rV, pV - 1)
      .range(rU, pU, lastU)
      .suffix(rV, lastV + 1)
      .finish(rV.type, pen);
    return costU + costV - rU.cost - rV.cost;
  }

  apply(rU: Route, pU: number, rV: Route, pV: number): void {
    const { k, l } = this;
    if (rU === rV) {
      const jobs = rU.jobs;
      const [a, la, b, lb] = pU < pV ? [pU, k, pV, l] : [pV, l, pU, k];
      const next = [
        ...jobs.slice(0, a - 1),
        ...jobs.slice(b - 1, b - 1 + lb),
        ...jobs.slice(a - 1 + la, b - 1),
        ...jobs.slice(a - 1, a - 1 + la),
        ...jobs.slice(b - 1 + lb),
      ];
      this.ctx.commit([[rU, next]]);
      return;
    }
    const u = rU.jobs.slice();
    const v = rV.jobs.slice();
    const chainU = u.splice(pU - 1, k);
    const chainV = v.splice(pV - 1, l);
    u.splice(pU - 1, 0, ...chainV);
    v.splice(pV - 1, 0, ...chainU);
    this.ctx.commit([
      [rU, u],
      [rV, v],
    ]);
  }
}
