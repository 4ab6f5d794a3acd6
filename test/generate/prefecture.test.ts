import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { makePrefecture, ROOT } from '../server/queue/helpers.ts';

/** Plain CSV rows of a derived file (no quoting in these files: checked below). */
function rows(file: string): string[][] {
  const lines = readFileSync(join(ROOT, 'data/prefecture/handan', file), 'utf8')
    .trim()
    .split('\n');
  return lines.slice(1).map((l) => l.split(','));
}

describe('make:prefecture', () => {
  let out: string;
  let again: string;
  beforeAll(() => {
    out = makePrefecture(['130431', '130471']);
    again = makePrefecture(['130431', '130471']);
  }, 60_000);
  afterAll(() => {});

  it('is deterministic: two runs give identical bytes', () => {
    for (const county of ['130431', '130471']) {
      for (const f of readdirSync(join(out, county)))
        expect(readFileSync(join(again, county, f)), `${county}/${f}`).toEqual(readFileSync(join(out, county, f)));
    }
    expect(readFileSync(join(again, 'prefecture.json'), 'utf8')).toBe(
      readFileSync(join(out, 'prefecture.json'), 'utf8'),
    );
  });

  it('uses the real township and village codes and names of each county, and labels the rest synthetic', () => {
    const townships = rows('townships.csv');
    const villages = rows('villages.csv');
    for (const county of ['130431', '130471']) {
      const scenario = readScenarioFolder(join(out, county));
      const ts = townships.filter((t) => t[2] === county);
      expect(scenario.townships.map((t) => `${t.id} ${t.name}`).sort()).toEqual(
        ts.map((t) => `${t[0]} ${t[1]}`).sort(),
      );
      const tsIds = new Set(ts.map((t) => t[0]));
      const vs = villages.filter((v) => tsIds.has(v[2]));
      const placed = scenario.places.filter((p) => p.kind === 'village');
      expect(placed.map((p) => p.id).sort()).toEqual(vs.map((v) => v[0]).sort());
      // Short names are the official ones without the committee suffix.
      const official = new Map(vs.map((v) => [v[0], v[1]]));
      for (const p of placed)
        expect(official.get(p.id)!.startsWith(p.name.replace(/(村|社区)$/, '')), `${p.id} ${p.name}`).toBe(true);
      expect(scenario.county.adminCode).toBe(county);
      expect(scenario.county.synthetic).toEqual(
        expect.arrayContaining(['township_seats', 'village_positions', 'roads', 'demand']),
      );
      // The warehouse is at the approximate county seat of counties.csv (within 100 m).
      const seat = rows('counties.csv').find((c) => c[0] === county)!;
      const wh = scenario.places.find((p) => p.kind === 'warehouse')!;
      expect(Math.abs(wh.lon - Number(seat[2])) * 89_000).toBeLessThan(100);
      expect(Math.abs(wh.lat - Number(seat[3])) * 111_000).toBeLessThan(100);
    }
    const manifest = JSON.parse(readFileSync(join(out, 'prefecture.json'), 'utf8'));
    expect(manifest.code).toBe('1304');
    expect(manifest.counties.map((c: { id: string }) => c.id)).toEqual(['130431', '130471']);
  });

  it('covers every county-level unit of Handan and all 5,835 village-level units', () => {
    const counties = rows('counties.csv').map((c) => c[0]);
    expect(counties).toHaveLength(20);
    expect(counties).toContain('130425');
    const townships = rows('townships.csv');
    expect(new Set(townships.map((t) => t[2]))).toEqual(new Set(counties));
    expect(rows('villages.csv')).toHaveLength(5835);
    for (const file of ['townships.csv', 'villages.csv'])
      expect(readFileSync(join(ROOT, 'data/prefecture/handan', file), 'utf8')).not.toContain('"');
  });
});
