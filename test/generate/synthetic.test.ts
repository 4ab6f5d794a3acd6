import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { generateCounty, generateCountyWithReport } from '../../src/generate/county.ts';
import { parseScenarioFiles, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import type { Scenario } from '../../src/model/types.ts';
import { buildRoadGraph, componentCount, key, medianDetour } from './road-check.ts';

function checkRules(s: Scenario, gaps: string[]): void {
  const villages = s.places.filter((p) => p.kind === 'village');
  for (const v of villages.filter((x) => x.poverty)) expect(v.hasStation).toBe(true);
  const missing = villages
    .filter((v) => !v.hasStation && (v.poverty || v.population! >= 500))
    .map((v) => v.id)
    .sort();
  expect(missing).toEqual(gaps);
}

describe('generateCounty (synthetic counties)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = serializeScenarioFiles(generateCounty({ seed: 11, stations: 120 }));
    const b = serializeScenarioFiles(generateCounty({ seed: 11, stations: 120 }));
    const c = serializeScenarioFiles(generateCounty({ seed: 12, stations: 120 }));
    expect(a).toEqual(b);
    expect(c['places.csv']).not.toBe(a['places.csv']);
    expect(c['roads.geojson']).not.toBe(a['roads.geojson']);
    expect(c['demand.csv']).not.toBe(a['demand.csv']);
  });

  // Full checks at 300; at 1000 the counts, rules and connectivity (keeps the file well under 20 s).
  it.each([
    [300, true],
    [1000, false],
  ])('makes a valid county with exactly %i stations', (n, full) => {
    const { scenario, report } = generateCountyWithReport({ seed: 7, stations: n });
    const villages = scenario.places.filter((p) => p.kind === 'village');
    expect(villages.filter((v) => v.hasStation)).toHaveLength(n);
    expect(Math.abs(villages.length - n / 0.55)).toBeLessThanOrEqual(1);
    expect(scenario.places.filter((p) => p.kind === 'warehouse')).toHaveLength(1);
    expect(scenario.places.filter((p) => p.kind === 'hub').length).toBeGreaterThanOrEqual(2);
    // townships scale with the county (~33 village-level units each), area keeps rural density
    expect(scenario.townships.length).toBe(Math.round(villages.length / 33));
    expect(report.outlineAreaKm2 / villages.length).toBeCloseTo(1.58, 1);
    checkRules(scenario, report.deliberateGaps);
    expect(report.deliberateGaps.length).toBeGreaterThanOrEqual(3);
    if (full) {
      // passes the scenario validation of the folder reader (write → read)
      const back = parseScenarioFiles(serializeScenarioFiles(scenario));
      expect(back.places).toEqual(scenario.places);
    }
    // roads: one component, every place a junction, detour in range
    if (scenario.roads.format !== 'geojson') throw new Error('expected geojson roads');
    const g = buildRoadGraph(scenario.roads.data);
    expect(componentCount(g)).toBe(1);
    for (const p of scenario.places) expect(g.nodeIndex.has(key([p.lon, p.lat])), p.id).toBe(true);
    if (full) {
      const { median } = medianDetour(
        g,
        villages.map((v) => [v.lon, v.lat]),
        25,
        20,
      );
      expect(median).toBeGreaterThan(1.3);
      expect(median).toBeLessThan(1.6);
    }
  });

  it('keeps villages inside a given concave outline', () => {
    // An L-shaped county (~1.4 × 0.9 degrees cut) with four seats in it.
    const outline: [number, number][] = [
      [116, 36],
      [116.3, 36],
      [116.3, 36.1],
      [116.1, 36.1],
      [116.1, 36.25],
      [116, 36.25],
      [116, 36],
    ];
    const townships = [
      { id: 'T1', name: '甲镇', lon: 116.05, lat: 36.05 },
      { id: 'T2', name: '乙镇', lon: 116.2, lat: 36.05 },
      { id: 'T3', name: '丙乡', lon: 116.27, lat: 36.03 },
      { id: 'T4', name: '丁乡', lon: 116.05, lat: 36.2 },
    ];
    const { scenario, report } = generateCountyWithReport({ seed: 3, stations: 40, townships, outline });
    expect(report.outlineSource).toBe('given');
    const shape = polygon([outline]);
    const villages = scenario.places.filter((p) => p.kind === 'village');
    expect(villages.filter((v) => v.hasStation)).toHaveLength(40);
    for (const v of villages) expect(booleanPointInPolygon(point([v.lon, v.lat]), shape), v.id).toBe(true);
    // the notch (lon > 116.1, lat > 36.1) stays empty
    expect(villages.filter((v) => v.lon > 116.101 && v.lat > 36.101)).toEqual([]);
    expect(() =>
      generateCountyWithReport({
        seed: 3,
        stations: 40,
        townships: [...townships, { id: 'T5', name: '戊乡', lon: 116.25, lat: 36.2 }],
        outline,
      }),
    ).toThrow('generateCounty: township seat T5 戊乡 is outside the given outline');
  });

  it('rejects impossible options with a clear message', () => {
    expect(() => generateCounty({ seed: 1 })).toThrow(
      'generateCounty: give `stations` (synthetic county) or `villages` (real units)',
    );
    expect(() => generateCounty({ seed: 1, stations: 2.5 })).toThrow(
      'generateCounty: stations must be an integer ≥ 10, got 2.5',
    );
  });
});
