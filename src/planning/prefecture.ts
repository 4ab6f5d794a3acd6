/**
 * Prefecture scorecard (issue 14): a weighted 100-point score per county from its coverage indicators, and the
 * ranking. The default weights follow the shape of Luoyang's 2016 half-yearly county assessment (a 100-point
 * scheme: network coverage first, then service delivery, co-operation of carriers and farm-produce upstream);
 * the split between our nine indicators is ours (docs/prefecture.md). A county overrides them in county.json
 * under `scorecard.weights` (read by the prefecture runner; the scenario model does not carry them).
 */
import type { Indicator, IndicatorId } from './coverage.ts';

export type ScoreWeights = Partial<Record<IndicatorId, number>>;

export const DEFAULT_SCORE_WEIGHTS: Record<IndicatorId, number> = {
  // network coverage: 45
  village_station_share: 15,
  poverty_village_station_share: 10,
  large_village_station_share: 10,
  township_express_share: 10,
  // service delivery: 25
  same_day_share: 5,
  within_limit_share: 20,
  // co-operation and upstream: 30
  carriers_shared: 10,
  upstream_parity: 10,
  produce_station_share: 10,
};

/** Share of an indicator's points earned: 1 at or beyond the target, proportional below it; 0 when not computed. */
export function attainment(ind: Pick<Indicator, 'value' | 'target' | 'op'>): number {
  if (ind.value === null) return 0;
  if (ind.op === '>=') return ind.target <= 0 ? 1 : Math.max(0, Math.min(1, ind.value / ind.target));
  if (ind.value <= ind.target) return 1;
  return ind.value > 0 ? Math.max(0, Math.min(1, ind.target / ind.value)) : 0;
}

/** Weighted score scaled to 0..100 (weights need not sum to 100). */
export function scoreIndicators(
  indicators: ReadonlyArray<Pick<Indicator, 'id' | 'value' | 'target' | 'op'>>,
  weights: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): number {
  let earned = 0;
  let total = 0;
  for (const ind of indicators) {
    const w = weights[ind.id] ?? 0;
    if (!(w > 0)) continue;
    total += w;
    earned += w * attainment(ind);
  }
  return total > 0 ? Math.round((1000 * earned) / total) / 10 : 0;
}

/** Validate `scorecard.weights` of a raw county.json; `file` names it in errors. */
export function parseScoreWeights(raw: unknown, file: string): ScoreWeights {
  const weights = (raw as { scorecard?: { weights?: unknown } } | null)?.scorecard?.weights;
  if (weights === undefined) return DEFAULT_SCORE_WEIGHTS;
  if (typeof weights !== 'object' || weights === null)
    throw new Error(`${file}:scorecard.weights: expected an object of indicator id → points`);
  const out: ScoreWeights = {};
  for (const [id, w] of Object.entries(weights)) {
    if (!(id in DEFAULT_SCORE_WEIGHTS))
      throw new Error(
        `${file}:scorecard.weights.${id}: unknown indicator (known: ${Object.keys(DEFAULT_SCORE_WEIGHTS).join(', ')})`,
      );
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
      throw new Error(`${file}:scorecard.weights.${id}: expected a number ≥ 0, got ${JSON.stringify(w)}`);
    out[id as IndicatorId] = w;
  }
  if (!Object.values(out).some((w) => w! > 0))
    throw new Error(`${file}:scorecard.weights: at least one weight must be > 0`);
  return out;
}

/** Best score first; ties by lower cost per parcel, then id. */
export function rankCounties<T extends { id: string; score: number; costPerParcel: number }>(
  counties: readonly T[],
): T[] {
  return [...counties].sort((a, b) => b.score - a.score || a.costPerParcel - b.costPerParcel || (a.id < b.id ? -1 : 1));
}
