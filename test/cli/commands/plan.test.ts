import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const TINY = path.join(ROOT, 'test/fixtures/tiny-county');

async function gongpei(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/gongpei.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('gongpei plan / upstream', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-plan-'));
  const env = { GONGPEI_DATA_DIR: path.join(dir, 'var'), GONGPEI_CACHE_DIR: path.join(dir, 'cache') };

  it('plan --compare --horizon --json --out: the stable JSON shape, saved with an id, files along the roads', async () => {
    const out = path.join(dir, 'out');
    const r = await gongpei(
      [
        'plan',
        TINY,
        '--day',
        '1',
        '--compare',
        '--horizon',
        '2',
        '--time',
        '0.2',
        '--json',
        '--out',
        out,
        '--lang',
        'en',
      ],
      env,
    );
    expect(r.stderr).toMatch(/saved plan plan-\S+ \(scenario tiny-county\)/);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.id).toMatch(/^plan-/);
    for (const k of [
      'totalCost',
      'costPerParcel',
      'km',
      'vehiclesUsed',
      'stationsServed',
      'stationsUnassigned',
      'serviceCompliance',
    ]) {
      expect(typeof plan.kpis[k]).toBe('number');
    }
    expect(plan.routes.length).toBeGreaterThan(0);
    for (const route of plan.routes) {
      for (const k of ['vehicle', 'depot', 'km', 'cost', 'stops']) expect(route).toHaveProperty(k);
      for (const s of route.stops)
        for (const k of ['stationId', 'arrival', 'parcelsDown', 'parcelsUp', 'load']) expect(s).toHaveProperty(k);
    }
    expect(Array.isArray(plan.unassigned)).toBe(true);
    for (const k of ['shared', 'separate', 'savings']) expect(plan.compare).toHaveProperty(k);
    for (const k of ['cost', 'km', 'vehicles']) expect(typeof plan.compare.savings[k]).toBe('number');
    expect(plan.horizon.days).toBe(2);
    expect(plan.horizon.totalCost).toBeLessThanOrEqual(plan.horizon.everyDayCost);
    for (const s of plan.horizon.stations) {
      for (const k of ['stationId', 'visitDays', 'maxWaitDays', 'limitDays']) expect(s).toHaveProperty(k);
      expect(s.maxWaitDays).toBeLessThanOrEqual(s.limitDays);
    }
    expect(plan.check.feasible).toBe(true);

    // Files: plan.json = the printed plan; one CSV row per stop; GeoJSON lines along the road graph.
    expect(JSON.parse(readFileSync(path.join(out, 'plan.json'), 'utf8'))).toEqual(plan);
    // --lang en: BOM, the English header tools read plus down/up per carrier (carriers.csv order).
    const raw = readFileSync(path.join(out, 'route-sheets.csv'), 'utf8');
    expect(raw.startsWith('\ufeff')).toBe(true);
    const csv = raw.slice(1).trim().split('\n');
    const carrierIds = readFileSync(path.join(TINY, 'carriers.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(csv[0]).toBe(
      `vehicle,trip,kind,seq,station_id,station,township,arrival,departure,parcels_down,parcels_up,load,load_kg,cold,by_carrier,${carrierIds.map((c) => `down_${c},up_${c}`).join(',')}`,
    );
    const stops = plan.routes.flatMap(
      (r: { stops: Array<{ parcelsUp: number; byCarrier: Record<string, { up: number }> }> }) => r.stops,
    );
    expect(csv.length - 1).toBe(stops.length);
    csv.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      carrierIds.forEach((c, k) => expect(Number(cells[16 + 2 * k])).toBe(stops[i].byCarrier[c]?.up ?? 0));
    });
    const geo = JSON.parse(readFileSync(path.join(out, 'routes.geojson'), 'utf8'));
    expect(geo.estimatedTravel).toBe(false);
    const lines = geo.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
    expect(lines).toHaveLength(plan.routes.length);
    for (const f of lines) {
      expect(f.properties.geometry).toBe('road');
      // Road legs bend: more vertices than depot + stops + depot.
      expect(f.geometry.coordinates.length).toBeGreaterThan(f.properties.stops.length + 2);
    }
  }, 60_000);

  it('a day without demand is a clear error; upstream --json prices the day', async () => {
    const [bad, up] = await Promise.all([
      gongpei(['plan', TINY, '--day', '9', '--no-save', '--time', '0.1'], env),
      gongpei(['upstream', TINY, '--day', '1', '--time', '0.2', '--json'], env),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('gongpei: no demand on day 9: demand.csv has rows for days 1, 2');
    expect(up.code).toBe(0);
    const u = JSON.parse(up.stdout);
    expect(u.day).toBe(1);
    expect(u.overall.parcels).toBe(11);
    expect(u.lines.map((l: { stationId: string }) => l.stationId).sort()).toEqual(['V2', 'V5']);
    expect(typeof u.overall.parity).toBe('number');
    expect(u.pooled).toHaveProperty('savings');
  }, 60_000);

  it('plan --rounds: trips as greedy rounds; the plan is feasible and serves the day', async () => {
    const r = await gongpei(['plan', TINY, '--day', '1', '--rounds', '--time', '0.2', '--json', '--no-save'], env);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.check.feasible).toBe(true);
    expect(plan.kpis.stationsServed).toBeGreaterThan(0);
  });

  it('the server plan body takes rounds (boolean) beside noBus', async () => {
    const { planBodySchema } = await import('../../../src/server/routes/plans.ts');
    expect(planBodySchema.parse({ day: 1, rounds: true })).toMatchObject({ day: 1, rounds: true });
    expect(() => planBodySchema.parse({ day: 1, rounds: 'yes' })).toThrow();
  });
});
