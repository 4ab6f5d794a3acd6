/**
 * Population with diversity management (Vidal 2012/2022): a feasible and an infeasible subpopulation,
 * each grown to μ + λ and then cut back to μ by removing clones, then the worst biased fitness
 * (cost rank blended with diversity rank, i.e. average broken-pairs distance to the nClosest nearest).
 */
import type { Penalties } from '../cost.ts';
import type { HgsParams } from '../params.ts';
import { Individual } from './individual.ts';

export type PopulationParams = Pick<HgsParams, 'minPopulationSize' | 'generationSize' | 'nbElite' | 'nbClose'>;

export class Population {
  feasible: Individual[] = [];
  infeasible: Individual[] = [];

  constructor(
    private readonly params: PopulationParams,
    private readonly routable: readonly number[],
    private readonly pen: Penalties,
    private readonly rng: () => number,
  ) {}

  get size(): number {
    return this.feasible.length + this.infeasible.length;
  }

  add(ind: Individual): void {
    const sub = ind.feasible ? this.feasible : this.infeasible;
    for (const other of sub) {
      const d = ind.brokenPairs(other, this.routable);
      insertSorted(ind.proximity, { d, other });
      insertSorted(other.proximity, { d, other: ind });
    }
    sub.push(ind);
    if (sub.length > this.params.minPopulationSize + this.params.generationSize) this.survivors(sub);
  }

  private remove(sub: Individual[], ind: Individual): void {
    const i = sub.indexOf(ind);
    if (i >= 0) sub.splice(i, 1);
    for (const other of sub) {
      const k = other.proximity.findIndex((p) => p.other === ind);
      if (k >= 0) other.proximity.splice(k, 1);
    }
  }

  private survivors(sub: Individual[]): void {
    while (sub.length > this.params.minPopulationSize) {
      // clones first
      let victim = sub.find((ind) => ind.proximity.length > 0 && ind.proximity[0].d < 1e-9) ?? null;
      if (!victim) {
        this.updateFitness(sub);
        victim = sub.reduce((w, ind) => (ind.biasedFitness > w.biasedFitness ? ind : w), sub[0]);
      }
      this.remove(sub, victim);
    }
  }

  private diversity(ind: Individual): number {
    const k = Math.min(this.params.nbClose, ind.proximity.length);
    if (k === 0) return 0;
    let s = 0;
    for (let i = 0; i < k; i++) s += ind.proximity[i].d;
    return s / k;
  }

  updateFitness(sub: Individual[]): void {
    const n = sub.length;
    if (n === 0) return;
    if (n === 1) {
      sub[0].biasedFitness = 0;
      return;
    }
    const byCost = sub.slice().sort((a, b) => a.penalisedCost(this.pen) - b.penalisedCost(this.pen));
    const div = byCost.map((ind, rank) => ({ ind, rank, div: this.diversity(ind) }));
    const byDiv = div.slice().sort((a, b) => b.div - a.div);
    const eliteWeight = 1 - Math.min(this.params.nbElite, n) / n;
    byDiv.forEach((e, divRank) => {
      e.ind.biasedFitness = e.rank / (n - 1) + eliteWeight * (divRank / (n - 1));
    });
  }

  /** Binary tournament on biased fitness over both subpopulations. */
  select(): Individual {
    this.updateFitness(this.feasible);
    this.updateFitness(this.infeasible);
    const all = this.feasible.length + this.infeasible.length;
    const pick = () => {
      const i = Math.floor(this.rng() * all);
      return i < this.feasible.length ? this.feasible[i] : this.infeasible[i - this.feasible.length];
    };
    const a = pick();
    const b = pick();
    return a.biasedFitness <= b.biasedFitness ? a : b;
  }

  clear(): void {
    this.feasible = [];
    this.infeasible = [];
  }
}

function insertSorted(list: Array<{ d: number; other: Individual }>, e: { d: number; other: Individual }): void {
  let i = list.length;
  while (i > 0 && list[i - 1].d > e.d) i--;
  list.splice(i, 0, e);
}
