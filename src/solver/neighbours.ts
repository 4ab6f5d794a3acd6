/**
 * Granular neighbourhoods: for each client its k nearest clients by a proximity that adds, to the travel
 * cost, the waiting and the lateness that visiting one after the other would cause (PyVRP's measure).
 * Symmetrised (min of both directions) so that both ends of an edge see each other.
 */
import type { Instance } from './instance.ts';
import { DEFAULT_HGS_PARAMS, type HgsParams } from './params.ts';

export const DEFAULT_NEIGHBOURS = DEFAULT_HGS_PARAMS.neighbours;

export function nearestNeighbours(
  inst: Instance,
  k = DEFAULT_NEIGHBOURS,
  weights: Pick<HgsParams, 'weightWait' | 'weightTimeWarp'> = DEFAULT_HGS_PARAMS,
): Int32Array[] {
  const prox = proximity(inst, weights);
  return nearest(prox, inst.n, k);
}

/** n×n proximity: travel cost plus weighted waiting and lateness of visiting j right after i. */
function proximity(inst: Instance, weights: Pick<HgsParams, 'weightWait' | 'weightTimeWarp'>): Float64Array {
  const n = inst.n;
  const size = inst.size;
  const useDist = inst.vCostDist.some((c) => c > 0) || !inst.vCostDur.some((c) => c > 0);
  const prox = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const li = inst.jobLoc[i];
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const lj = inst.jobLoc[j];
      const travel = inst.dur[li * size + lj];
      const base = useDist ? inst.dist[li * size + lj] : travel;
      let p = base;
      const ei = inst.twOpen[i];
      const lateI = inst.twClose[i];
      const ej = inst.twOpen[j];
      const lateJ = inst.twClose[j];
      if (Number.isFinite(ej) && Number.isFinite(lateI))
        p += weights.weightWait * Math.max(0, ej - travel - inst.service[i] - lateI);
      if (Number.isFinite(ei) && Number.isFinite(lateJ))
        p += weights.weightTimeWarp * Math.max(0, ei + inst.service[i] + travel - lateJ);
      prox[i * n + j] = p;
    }
  }
  return prox;
}

/** For each job the k nearest others by the symmetrised proximity min(p(i,j), p(j,i)). */
function nearest(prox: Float64Array, n: number, k: number): Int32Array[] {
  const kk = Math.max(0, Math.min(k, n - 1));
  const out: Int32Array[] = [];
  if (kk === 0) return Array.from({ length: n }, () => new Int32Array(0));
  // keep the kk best by insertion into a small sorted buffer (ties: lower index first)
  const bestIdx = new Int32Array(kk);
  const bestKey = new Float64Array(kk);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const key = Math.min(prox[i * n + j], prox[j * n + i]);
      if (count === kk && key >= bestKey[kk - 1]) continue;
      let pos = count < kk ? count++ : kk - 1;
      while (pos > 0 && bestKey[pos - 1] > key) {
        bestKey[pos] = bestKey[pos - 1];
        bestIdx[pos] = bestIdx[pos - 1];
        pos--;
      }
      bestKey[pos] = key;
      bestIdx[pos] = j;
    }
    out.push(bestIdx.slice(0, count));
  }
  return out;
}
