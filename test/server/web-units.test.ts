/**
 * Pure parts of the web app, tested in Node: the WGS-84 → GCJ-02 shift used for AMap tiles, and the
 * completeness of the zh/en dictionary (every literal key the UI asks for exists).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { wgs84ToGcj02 } from '../../web/src/gcj02.ts';
import { dictionaryKeys } from '../../web/src/i18n.ts';

const metres = (a: [number, number], b: [number, number]) => {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6371000;
};

test('GCJ-02 shift: a few hundred metres inside mainland China, identity outside', () => {
  for (const [lon, lat] of [
    [116.391, 39.907],
    [115.148, 36.292],
    [121.47, 31.23],
    [104.06, 30.67],
  ] as Array<[number, number]>) {
    const shifted = wgs84ToGcj02(lon, lat);
    const d = metres([lon, lat], shifted);
    expect(d, `${lon},${lat}`).toBeGreaterThan(100);
    expect(d, `${lon},${lat}`).toBeLessThan(800);
  }
  // Beijing: the offset points north-east (the published behaviour of the transform there).
  const [bx, by] = wgs84ToGcj02(116.391, 39.907);
  expect(bx).toBeGreaterThan(116.391);
  expect(by).toBeGreaterThan(39.907);
  // Outside China (Bayreuth, Germany) the coordinates are unchanged.
  expect(wgs84ToGcj02(11.58, 49.94)).toEqual([11.58, 49.94]);
  // Smooth: nearby points move by nearly the same vector (no jumps that would tear lines apart).
  const a = wgs84ToGcj02(115.2, 36.3);
  const b = wgs84ToGcj02(115.201, 36.301);
  expect(Math.abs(b[0] - 0.001 - a[0])).toBeLessThan(1e-5);
  expect(Math.abs(b[1] - 0.001 - a[1])).toBeLessThan(1e-5);
});

test('every literal t("…") and data-i18n key of the web app is in the dictionary', () => {
  const root = path.resolve(import.meta.dirname, '../../web');
  // i18n.ts itself is skipped: its comments show the syntax with a placeholder key.
  const files = [path.join(root, 'index.html'), ...walk(path.join(root, 'src')).filter((f) => !f.endsWith('i18n.ts'))];
  const keys = new Set(dictionaryKeys());
  const missing: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-zA-Z0-9_.-]+)'/g))
      if (!keys.has(m[1])) missing.push(`${path.basename(file)}: ${m[1]}`);
    for (const m of text.matchAll(/data-i18n="([^"]+)"/g))
      if (!keys.has(m[1])) missing.push(`${path.basename(file)}: ${m[1]}`);
  }
  expect(missing).toEqual([]);
  // Keys built from a prefix (t(`plan.mode.${m}`) …) have all their variants.
  for (const k of [
    'plan.mode.shared',
    'plan.mode.separate',
    'plan.mode.compare',
    'hubs.state.auto',
    'hubs.state.open',
    'hubs.state.closed',
    'hubs.model.p-median',
    'hubs.model.set-cover',
    'hubs.model.capacitated',
    'hubs.kind.hub',
    'hubs.kind.hub_candidate',
    'cov.why.poverty',
    'cov.why.large',
    'up.county',
    'up.pooled',
    'up.capital',
    'up.platform',
  ])
    expect(keys.has(k), k).toBe(true);
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}
