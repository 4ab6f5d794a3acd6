import { describe, expect, it } from 'vitest';
import {
  attainment,
  DEFAULT_SCORE_WEIGHTS,
  parseScoreWeights,
  rankCounties,
  scoreIndicators,
} from '../../src/planning/prefecture.ts';
import type { Indicator } from '../../src/planning/coverage.ts';

const ind = (id: Indicator['id'], value: number | null, target: number, op: '>=' | '<=' = '>=') => ({
  id,
  value,
  target,
  op,
});

describe('prefecture scorecard', () => {
  it('default weights sum to 100 points', () => {
    expect(Object.values(DEFAULT_SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('scores attainment against targets: full at target, proportional below, inverse above a <= target, 0 when missing', () => {
    expect(attainment(ind('village_station_share', 0.25, 0.5))).toBe(0.5);
    expect(attainment(ind('village_station_share', 0.9, 0.5))).toBe(1);
    expect(attainment(ind('same_day_share', 0, 0))).toBe(1);
    expect(attainment(ind('upstream_parity', 1.25, 1, '<='))).toBeCloseTo(0.8, 10);
    expect(attainment(ind('upstream_parity', 0.7, 1, '<='))).toBe(1);
    expect(attainment(ind('carriers_shared', null, 2))).toBe(0);
    // 15 × 0.5 + 10 × 1 + 10 × 0.8 over weights 35 → 25.5 / 35 × 100 = 72.857… → 72.9
    const score = scoreIndicators([
      ind('village_station_share', 0.25, 0.5),
      ind('poverty_village_station_share', 1, 1),
      ind('upstream_parity', 1.25, 1, '<='),
    ]);
    expect(score).toBe(72.9);
    expect(scoreIndicators([ind('village_station_share', 0.25, 0.5)], { village_station_share: 0 })).toBe(0);
  });

  it('reads weights from county.json and names file and key on bad input', () => {
    expect(parseScoreWeights({}, 'county.json')).toBe(DEFAULT_SCORE_WEIGHTS);
    expect(parseScoreWeights({ scorecard: { weights: { within_limit_share: 30 } } }, 'county.json')).toEqual({
      within_limit_share: 30,
    });
    expect(() => parseScoreWeights({ scorecard: { weights: { speed: 3 } } }, 'a/county.json')).toThrow(
      /a\/county\.json:scorecard\.weights\.speed: unknown indicator/,
    );
    expect(() => parseScoreWeights({ scorecard: { weights: { carriers_shared: -1 } } }, 'county.json')).toThrow(
      /carriers_shared: expected a number ≥ 0/,
    );
    expect(() => parseScoreWeights({ scorecard: { weights: { carriers_shared: 0 } } }, 'county.json')).toThrow(
      /at least one weight/,
    );
  });

  it('ranks best score first, ties by cost per parcel', () => {
    const r = rankCounties([
      { id: 'a', score: 80, costPerParcel: 2 },
      { id: 'b', score: 90, costPerParcel: 3 },
      { id: 'c', score: 80, costPerParcel: 1 },
    ]);
    expect(r.map((c) => c.id)).toEqual(['b', 'c', 'a']);
  });
});
