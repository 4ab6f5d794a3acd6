import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { booleanPointInPolygon, point, polygon } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDamingWithReport, DAMING_BOUNDARY, DAMING_DIR, readDamingSources } from '../../src/generate/daming.ts';
import { readScenarioFolder, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import type { Place, Scenario } from '../../src/model/types.ts';
import { buildRoadGraph, componentCount, haversine, key, medianDetour } from './road-check.ts';

// Properties are checked on the committed folder (what users get); the last tests regenerate it.
let scenario: Scenario;
let report: { deliberateGaps: string[]; outlineSource: string };
let villages: Place[];
const hasBoundary = existsSync(DAMING_BOUNDARY);

beforeAll(() => {
  scenario = readScenarioFolder(DAMING_DIR);
  report = JSON.parse(readFileSync(join(DAMING_DIR, 'generation.json'), 'utf8')) as typeof report;
  villages = scenario.places.filter((p) => p.kind === 'village');
});

describe('Daming default county (data/counties/daming)', () => {
  it('has the real townships and village-level units', () => {
    const sources = readDamingSources();
    expect(scenario.townships).toHaveLength(20);
    expect(villages).toHaveLength(668);
    expect(new Set(villages.map((v) => v.id))).toEqual(new Set(sources.villages.map((v) => v.code)));
    for (const v of villages) expect(v.id).toMatch(/^130425\d{6}$/);
    // ids keep the township prefix of the NBS code
    for (const v of villages) expect(v.id.slice(0, 9)).toBe(v.township);
    expect(scenario.townships.find((t) => t.id === '130425100')?.name).toBe('大名镇');
    expect(villages.find((v) => v.id === '130425100001')?.name).toBe('北关社区');
  });

  it('has 1 warehouse at 大名镇, 5 hubs and 14 candidates at township seats', () => {
    const count = (k: string) => scenario.places.filter((p) => p.kind === k).length;
    expect(count('warehouse')).toBe(1);
    expect(count('hub')).toBe(5);
    expect(count('hub_candidate')).toBe(14);
    const wh = scenario.places.find((p) => p.kind === 'warehouse')!;
    const seat = scenario.townships.find((t) => t.id === '130425100')!;
    expect([wh.id, wh.lon, wh.lat]).toEqual(['WH-DM', seat.lon, seat.lat]);
    const depots = scenario.places.filter((p) => p.kind !== 'village');
    expect(new Set(depots.map((p) => p.township)).size).toBe(20);
    for (const p of depots) {
      const t = scenario.townships.find((x) => x.id === p.township)!;
      expect([p.lon, p.lat]).toEqual([t.lon, t.lat]);
    }
    // well spread: no two depots closer than 8 km
    for (let i = 0; i < depots.length; i++) {
      for (let j = i + 1; j < depots.length; j++) {
        if (depots[i].kind === 'hub_candidate' || depots[j].kind === 'hub_candidate') continue;
        expect(haversine([depots[i].lon, depots[i].lat], [depots[j].lon, depots[j].lat])).toBeGreaterThan(8000);
      }
    }
  });

  it('meets the station rules except for the deliberate gaps', () => {
    const stations = villages.filter((v) => v.hasStation);
    expect(stations.length).toBeGreaterThanOrEqual(350);
    expect(stations.length / villages.length).toBeGreaterThan(0.5);
    const poverty = villages.filter((v) => v.poverty);
    expect(poverty.length / villages.length).toBeGreaterThan(0.12);
    expect(poverty.length / villages.length).toBeLessThan(0.18);
    for (const v of poverty) expect(v.hasStation, v.id).toBe(true);
    const missing = villages
      .filter((v) => !v.hasStation && (v.poverty || v.population! >= 500))
      .map((v) => v.id)
      .sort();
    expect(missing.length).toBeGreaterThanOrEqual(3);
    expect(missing.length).toBeLessThanOrEqual(6);
    expect(missing).toEqual(report.deliberateGaps);
    for (const id of missing) expect(villages.find((v) => v.id === id)!.population).toBeGreaterThanOrEqual(500);
  });

  it('has a realistic population spread', () => {
    const pops = villages.map((v) => v.population!).sort((a, b) => a - b);
    expect(pops[0]).toBeGreaterThanOrEqual(100);
    expect(pops[Math.floor(pops.length / 2)]).toBeGreaterThan(250);
    expect(pops[Math.floor(pops.length / 2)]).toBeLessThan(1000);
    expect(pops[pops.length - 1]).toBeGreaterThan(2000);
    expect(pops[pops.length - 1]).toBeLessThan(10000);
  });

  it('places every village in its own township zone (nearest seat), ≥ 300 m apart', () => {
    for (const v of villages) {
      let nearest = '';
      let best = Infinity;
      for (const t of scenario.townships) {
        const d = haversine([v.lon, v.lat], [t.lon, t.lat]);
        if (d < best) {
          best = d;
          nearest = t.id;
        }
      }
      expect(nearest, v.id).toBe(v.township);
    }
    let minD = Infinity;
    const pts = [
      ...villages.map((v) => [v.lon, v.lat] as [number, number]),
      ...scenario.townships.map((t) => [t.lon, t.lat] as [number, number]),
    ];
    for (let i = 0; i < pts.length; i++)
      for (let j = i + 1; j < pts.length; j++) minD = Math.min(minD, haversine(pts[i], pts[j]));
    expect(minD).toBeGreaterThanOrEqual(299);
  });

  it('has 7 days of skewed demand for stations only, with upstream produce and a few cold rows', () => {
    const stationIds = new Set(villages.filter((v) => v.hasStation).map((v) => v.id));
    const carriers = new Set(scenario.carriers.map((c) => c.id));
    expect([...carriers].sort()).toEqual(['ems', 'jt', 'sto', 'yto', 'yunda', 'zto']);
    const perDay = new Map<string, number>();
    for (const r of scenario.demand) {
      expect(stationIds.has(r.stationId), r.stationId).toBe(true);
      expect(carriers.has(r.carrierId)).toBe(true);
      expect(r.day).toBeGreaterThanOrEqual(1);
      expect(r.day).toBeLessThanOrEqual(7);
      expect(r.parcelsDown + r.parcelsUp).toBeGreaterThan(0);
      expect(r.parcelsUp > 0).toBe(r.upZone !== '');
      if (r.parcelsUp > 0) expect(r.kgUp / r.parcelsUp).toBeGreaterThanOrEqual(0.4);
      const k = `${r.day}|${r.stationId}`;
      perDay.set(k, (perDay.get(k) ?? 0) + r.parcelsDown);
    }
    const day1 = [...perDay]
      .filter(([k]) => k.startsWith('1|'))
      .map(([, n]) => n)
      .sort((a, b) => a - b);
    const median = day1[Math.floor(day1.length / 2)];
    expect(median).toBeGreaterThanOrEqual(2);
    expect(median).toBeLessThanOrEqual(30);
    expect(day1.filter((n) => n >= 50).length).toBeGreaterThan(0);
    expect(day1.filter((n) => n >= 50).length / day1.length).toBeLessThan(0.15);
    const upStations = new Set(scenario.demand.filter((r) => r.parcelsUp > 0).map((r) => r.stationId));
    expect(upStations.size / stationIds.size).toBeGreaterThanOrEqual(0.3);
    const cold = scenario.demand.filter((r) => r.cold);
    expect(cold.length).toBeGreaterThan(0);
    expect(cold.length / scenario.demand.length).toBeLessThan(0.02);
    // every upstream zone has a tariff for its carrier from every origin
    for (const r of scenario.demand.filter((x) => x.parcelsUp > 0)) {
      for (const origin of ['county', 'capital', 'platform']) {
        expect(
          scenario.tariffs.some(
            (t) => t.carrierId === r.carrierId && t.origin === origin && t.zone === r.upZone && t.minDailyVolume === 0,
          ),
        ).toBe(true);
      }
    }
  });

  it('has a mixed fleet with a cold van, trunk trucks and each carrier’s own vans', () => {
    const depots = new Set(scenario.places.filter((p) => p.kind === 'warehouse' || p.kind === 'hub').map((p) => p.id));
    for (const f of scenario.fleet) expect(depots.has(f.depotId), f.id).toBe(true);
    expect(scenario.fleet.some((f) => f.cold)).toBe(true);
    expect(scenario.fleet.some((f) => f.type === 'trunk' && f.depotId === 'WH-DM')).toBe(true);
    for (const c of scenario.carriers) expect(scenario.fleet.some((f) => f.carrierId === c.id)).toBe(true);
    for (const hub of scenario.places.filter((p) => p.kind === 'hub'))
      expect(scenario.fleet.some((f) => f.depotId === hub.id)).toBe(true);
  });

  it('has a connected road network reaching every place, with a realistic detour', () => {
    expect(scenario.roads.format).toBe('geojson');
    if (scenario.roads.format !== 'geojson') return;
    const g = buildRoadGraph(scenario.roads.data);
    expect(componentCount(g)).toBe(1);
    for (const p of scenario.places) expect(g.nodeIndex.has(key([p.lon, p.lat])), p.id).toBe(true);
    for (const f of scenario.roads.data.features) {
      expect(f.properties.speedKmh).toBeGreaterThanOrEqual(30);
      expect(f.properties.speedKmh).toBeLessThanOrEqual(60);
    }
    const { median, pairs } = medianDetour(
      g,
      villages.map((v) => [v.lon, v.lat]),
      40,
      25,
    );
    expect(pairs).toBeGreaterThan(500);
    expect(median).toBeGreaterThan(1.3);
    expect(median).toBeLessThan(1.6);
  });

  it.skipIf(!hasBoundary)('keeps every village inside the real county boundary (read from ../shared/geo)', () => {
    const boundary = JSON.parse(readFileSync(DAMING_BOUNDARY, 'utf8')) as {
      features: Array<{ geometry: { coordinates: [number, number][][] } }>;
    };
    const shape = polygon(boundary.features[0].geometry.coordinates);
    expect(report.outlineSource).toBe('given');
    for (const v of villages) expect(booleanPointInPolygon(point([v.lon, v.lat]), shape), v.id).toBe(true);
  });

  it.skipIf(!hasBoundary)('equals a fresh generation byte for byte', () => {
    const fresh = buildDamingWithReport();
    const files = serializeScenarioFiles(fresh.scenario);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(DAMING_DIR, name), 'utf8'), name).toBe(content);
    }
    expect(fresh.report.deliberateGaps).toEqual(report.deliberateGaps);
    expect(statSync(join(DAMING_DIR, 'roads.geojson')).size).toBeLessThan(3_000_000);
  });
});
