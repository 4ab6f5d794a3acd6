/**
 * API integration over real HTTP on loopback: an ephemeral port, a temp SQLite store, the tiny fixture
 * county. Plan and hub jobs run in real worker threads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { TINY_DIR, json, post, readFixtureCsv, readJobEvents, startTestServer, type TestServer } from './helpers.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const places = readFixtureCsv('places.csv');
const demand = readFixtureCsv('demand.csv');
const fleet = readFixtureCsv('fleet.csv');
const roadFeatures = JSON.parse(readFileSync(path.join(TINY_DIR, 'roads.geojson'), 'utf8')).features.length as number;

function fixtureZip(mutate: (name: string, text: string) => string = (_n, t) => t): Uint8Array<ArrayBuffer> {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(TINY_DIR)) {
    entries[`tiny-county/${name}`] = strToU8(mutate(name, readFileSync(path.join(TINY_DIR, name), 'utf8')));
  }
  return new Uint8Array(zipSync(entries));
}

describe('reads', () => {
  test('health', async () => {
    const res = await fetch(`${srv.url}/api/health`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.ok).toBe(true);
    expect(body.scenarios).toBe(1);
  });

  test('list and get a scenario, counts match the fixture files', async () => {
    const list = await json(await fetch(`${srv.url}/api/scenarios`));
    expect(list.scenarios.map((s: { id: string }) => s.id)).toEqual(['tiny']);
    const res = await fetch(`${srv.url}/api/scenarios/tiny`);
    expect(res.status).toBe(200);
    const detail = await json(res);
    const villages = places.filter((p) => p.kind === 'village');
    expect(detail.counts.village).toBe(villages.length);
    expect(detail.counts.station).toBe(villages.filter((p) => p.has_station === 'true').length);
    expect(detail.counts.warehouse).toBe(places.filter((p) => p.kind === 'warehouse').length);
    const days = [...new Set(demand.map((d) => Number(d.day)))].sort();
    expect(detail.days.map((d: { day: number }) => d.day)).toEqual(days);
    const day1Down = demand.filter((d) => d.day === '1').reduce((s, d) => s + Number(d.parcels_down), 0);
    expect(detail.days[0].parcelsDown).toBe(day1Down);
    expect(detail.synthetic.length).toBeGreaterThan(0);
  });

  test('geojson has every place, every road and the township seats, with synthetic flags', async () => {
    const res = await fetch(`${srv.url}/api/scenarios/tiny/geojson`);
    expect(res.headers.get('content-type')).toMatch(/geo\+json/);
    const geo = await json(res);
    const byLayer = (l: string) => geo.features.filter((f: any) => f.properties.layer === l);
    expect(byLayer('place').length).toBe(places.length);
    expect(byLayer('road').length).toBe(roadFeatures);
    expect(byLayer('township').length).toBe(readFixtureCsv('townships.csv').length);
    expect(geo.synthetic).toContain('places');
    const v1 = byLayer('place').find((f: any) => f.properties.id === 'V1');
    const v1Day1 = demand
      .filter((d) => d.station_id === 'V1' && d.day === '1')
      .reduce((s, d) => s + Number(d.parcels_down), 0);
    expect(v1.properties.parcelsDownByDay['1']).toBe(v1Day1);
    expect(v1.geometry.coordinates).toEqual([
      Number(places.find((p) => p.id === 'V1')!.lon),
      Number(places.find((p) => p.id === 'V1')!.lat),
    ]);
  });

  test('unknown ids → 404 JSON', async () => {
    for (const p of [
      '/api/scenarios/nope',
      '/api/scenarios/nope/geojson',
      '/api/plans/plan-x',
      '/api/jobs/job-x',
      '/api/plans/plan-x/routes.geojson',
      '/api/nothing-here',
    ]) {
      const res = await fetch(srv.url + p);
      expect(res.status, p).toBe(404);
      const body = await json(res);
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).toMatch(/not found|no such endpoint/);
    }
    const body = await json(await fetch(`${srv.url}/api/scenarios/nope`));
    expect(body.error.message).toBe('scenario "nope" not found');
  });
});

describe('static web app', () => {
  test('a clear message when the web build is missing; the API is unaffected', async () => {
    for (const p of ['/', '/some/page']) {
      const res = await fetch(srv.url + p);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('Run "npm run build:web"');
    }
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
  });

  test('serves a built web app at / with SPA fallback', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const webDir = path.join(srv.dir, 'web');
    mkdirSync(webDir, { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>gongpei test</title>');
    const withWeb = await startTestServer({ webDir });
    try {
      for (const p of ['/', '/plans/view']) {
        const res = await fetch(withWeb.url + p);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('gongpei test');
      }
      expect((await fetch(`${withWeb.url}/api/unknown`)).status).toBe(404);
    } finally {
      await withWeb.close();
    }
  });
});

describe('bad requests', () => {
  test('malformed plan bodies → 400 naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ day: 'x' }, 'day'],
      [{ day: 0 }, 'day'],
      [{ day: 1, mode: 'alone' }, 'mode'],
      [{ day: 1, horizon: 99 }, 'horizon'],
      [{ day: 1, timeLimit: -1 }, 'timeLimit'],
      [{ day: 1, color: 'red' }, 'color'],
      [{}, 'day'],
    ];
    for (const [body, field] of cases) {
      const res = await post(`${srv.url}/api/scenarios/tiny/plans`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await json(res)).error;
      expect(err.field).toBe(field);
      expect(err.message.startsWith(`${field}: `)).toBe(true);
    }
    const broken = await post(`${srv.url}/api/scenarios/tiny/plans`, '{"day": 1,');
    expect(broken.status).toBe(400);
    expect((await json(broken)).error.code).toBe('invalid_json');
  });

  test('hub request validation: unknown candidate and missing p', async () => {
    const res = await post(`${srv.url}/api/scenarios/tiny/hubs`, { model: 'p-median', p: 1, pinned: ['V1'] });
    expect(res.status).toBe(400);
    const err = (await json(res)).error;
    expect(err.field).toBe('pinned.0');
    expect(err.message).toBe('pinned.0: "V1" is not a hub or hub candidate of this scenario');
    const noP = await post(`${srv.url}/api/scenarios/tiny/hubs`, { model: 'p-median' });
    expect((await json(noP)).error.field).toBe('p');
  });

  test('oversize body → 413 JSON', async () => {
    const res = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, padding: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe('payload_too_large');
  });

  test('broken upload → 400 with file:row:field issues, and the store is unchanged', async () => {
    const before = JSON.stringify(srv.store.listScenarios());
    const zip = fixtureZip((name, text) =>
      name === 'places.csv'
        ? text.replace('H1,hub,万堤镇中转站,130425102,115.175', 'H1,hub,万堤镇中转站,130425102,abc')
        : text,
    );
    const res = await fetch(`${srv.url}/api/scenarios?id=broken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip' },
      body: zip,
    });
    expect(res.status).toBe(400);
    const err = (await json(res)).error;
    expect(err.code).toBe('invalid_scenario');
    expect(err.issues).toContainEqual({
      file: 'places.csv',
      row: 3,
      field: 'lon',
      message: 'expected a number, got "abc"',
    });
    expect(err.message).toContain('places.csv:3:lon: expected a number, got "abc"');
    // Replacing an existing scenario with a broken upload keeps the old one.
    const replace = await fetch(`${srv.url}/api/scenarios?id=tiny&replace=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip' },
      body: zip,
    });
    expect(replace.status).toBe(400);
    const notZip = await fetch(`${srv.url}/api/scenarios?id=broken2`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip' },
      body: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
    });
    expect(notZip.status).toBe(400);
    expect(JSON.stringify(srv.store.listScenarios())).toBe(before);
    expect(srv.store.getScenario('broken')).toBeNull();
  });

  test('multipart upload of the folder files, export zip round trip', async () => {
    const form = new FormData();
    form.set('id', 'tiny-copy');
    for (const name of readdirSync(TINY_DIR))
      form.append('files', new Blob([readFileSync(path.join(TINY_DIR, name))]), name);
    const res = await fetch(`${srv.url}/api/scenarios`, { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect((await json(res)).counts.village).toBe(places.filter((p) => p.kind === 'village').length);
    const again = await fetch(`${srv.url}/api/scenarios`, { method: 'POST', body: form });
    expect(again.status).toBe(409);

    const exp = await fetch(`${srv.url}/api/scenarios/tiny-copy/export`);
    expect(exp.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await exp.arrayBuffer()));
    expect(Object.keys(files)).toContain('tiny-copy/places.csv');
    const reimport = await fetch(`${srv.url}/api/scenarios?id=tiny-again`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/zip' },
      body: new Uint8Array(zipSync(files)),
    });
    expect(reimport.status).toBe(201);
    const a = await json(await fetch(`${srv.url}/api/scenarios/tiny/geojson`));
    const b = await json(await fetch(`${srv.url}/api/scenarios/tiny-again/geojson`));
    expect(b.features).toEqual(a.features);
    for (const id of ['tiny-copy', 'tiny-again'])
      expect((await fetch(`${srv.url}/api/scenarios/${id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('jobs', () => {
  let planId = '';

  test('plan job end to end: POST → SSE → done → plan, routes.geojson, route sheets', async () => {
    const res = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, mode: 'shared', timeLimit: 1, seed: 1 });
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    expect(jobId).toMatch(/\S/);
    // The job row exists before any work is done.
    expect(srv.store.getJob(jobId)).not.toBeNull();
    const events = await readJobEvents(srv.url, jobId);
    expect(events.at(-1)!.event).toBe('done');
    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data.progress);
    expect(progress.length).toBeGreaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
    const job = await json(await fetch(`${srv.url}/api/jobs/${jobId}`));
    expect(job.status).toBe('done');
    expect(job.progress).toBe(1);
    planId = job.planId;

    const plan = await json(await fetch(`${srv.url}/api/plans/${planId}`));
    expect(plan.day).toBe(1);
    expect(plan.check.feasible).toBe(true);
    // Every station with parcels on day 1 is on exactly one delivery route or unassigned with a reason.
    const stationsDay1 = new Set(
      demand.filter((d) => d.day === '1' && Number(d.parcels_down) + Number(d.parcels_up) > 0).map((d) => d.station_id),
    );
    const visits = plan.routes
      .filter((r: any) => r.kind === 'delivery')
      .flatMap((r: any) => r.stops.map((s: any) => s.stationId));
    const unassigned = plan.unassigned.map((u: any) => u.stationId);
    for (const u of plan.unassigned) expect(u.reason).toMatch(/\S/);
    expect(new Set([...visits, ...unassigned])).toEqual(stationsDay1);
    // Route cost recomputed from the fleet rows; the total is their sum.
    for (const r of plan.routes) {
      const row = fleet.find((f) => f.id === r.fleetId)!;
      expect(r.cost).toBeCloseTo(
        Number(row.fixed_cost) + Number(row.cost_per_km) * r.km + Number(row.cost_per_hour) * r.hours,
        0,
      );
    }
    expect(plan.kpis.totalCost).toBeCloseTo(
      plan.routes.reduce((s: number, r: any) => s + r.cost, 0),
      0,
    );
    expect(job.bestCost).toBeCloseTo(plan.kpis.totalCost, 6);

    const geo = await json(await fetch(`${srv.url}/api/plans/${planId}/routes.geojson`));
    const lines = geo.features.filter((f: any) => f.geometry.type === 'LineString');
    const stopPoints = geo.features.filter((f: any) => f.geometry.type === 'Point');
    expect(lines.length).toBe(plan.routes.length);
    expect(stopPoints.length).toBe(plan.routes.reduce((s: number, r: any) => s + r.stops.length, 0));
    const w1 = places.find((p) => p.id === 'W1')!;
    for (const f of lines) {
      expect(f.geometry.type).toBe('LineString');
      expect(f.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      if (f.properties.depot === 'W1') expect(f.geometry.coordinates[0]).toEqual([Number(w1.lon), Number(w1.lat)]);
    }
    // Default: UTF-8 with BOM and Chinese headers; ?lang=en: today's English header plus down/up per carrier.
    const carrierIds = readFixtureCsv('carriers.csv').map((c) => c.id!);
    const csvRes = await fetch(`${srv.url}/api/plans/${planId}/route-sheets.csv`);
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    const zh = Buffer.from(await csvRes.arrayBuffer()).toString('utf8');
    expect(zh.startsWith('\ufeff车辆,趟次,类型,序号,站点编号,站点,乡镇,')).toBe(true);
    const en = await (await fetch(`${srv.url}/api/plans/${planId}/route-sheets.csv?lang=en`)).text();
    const rows = en
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n');
    expect(rows[0]).toBe(
      `vehicle,trip,kind,seq,station_id,station,township,arrival,departure,parcels_down,parcels_up,load,load_kg,cold,by_carrier,${carrierIds.map((c) => `down_${c},up_${c}`).join(',')}`,
    );
    const stops = plan.routes.flatMap((r: any) => r.stops);
    expect(rows.length - 1).toBe(stops.length);
    rows.slice(1).forEach((line, i) => {
      const cells = line.split(',');
      const perCarrier = cells.slice(15).map(Number);
      // The carrier columns add up to the stop's parcels and match the plan's byCarrier.
      expect(perCarrier.filter((_, k) => k % 2 === 0).reduce((a, b) => a + b, 0)).toBe(Number(cells[9]));
      expect(perCarrier.filter((_, k) => k % 2 === 1).reduce((a, b) => a + b, 0)).toBe(Number(cells[10]));
      carrierIds.forEach((c, k) =>
        expect(perCarrier[2 * k], `${c} at ${stops[i].stationId}`).toBe(stops[i].byCarrier[c]?.down ?? 0),
      );
      expect(cells[13]).toBe(stops[i].cold ? '1' : '0');
    });
  });

  test('coverage and upstream of the stored plan', async () => {
    expect(planId).not.toBe('');
    const cov = await json(await fetch(`${srv.url}/api/scenarios/tiny/coverage?planId=${planId}`));
    const ids = cov.indicators.map((i: any) => i.id);
    expect(ids).toEqual(
      expect.arrayContaining(['village_station_share', 'poverty_village_station_share', 'same_day_share']),
    );
    const villages = places.filter((p) => p.kind === 'village');
    const share = cov.indicators.find((i: any) => i.id === 'village_station_share');
    expect(share.value).toBeCloseTo(villages.filter((v) => v.has_station === 'true').length / villages.length, 3);
    const up = await fetch(`${srv.url}/api/scenarios/tiny/upstream?planId=${planId}`);
    expect(up.status).toBe(200);
    expect((await json(up)).day).toBe(1);
    const byDay = await fetch(`${srv.url}/api/scenarios/tiny/upstream?day=2`);
    expect(byDay.status).toBe(409);
    expect((await json(byDay)).error.code).toBe('plan_required');
  });

  test('a job the planner rejects ends failed with its reason', async () => {
    const plansBefore = srv.store.listPlans('tiny').length;
    const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 99, timeLimit: 1 }));
    const events = await readJobEvents(srv.url, jobId);
    expect(events.at(-1)!.event).toBe('failed');
    const job = await json(await fetch(`${srv.url}/api/jobs/${jobId}`));
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/no demand on day 99/);
    expect(srv.store.listPlans('tiny').length).toBe(plansBefore);
  });

  test('cancel: the job ends cancelled and no plan is stored', async () => {
    const plansBefore = srv.store.listPlans('tiny').length;
    const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 30 }));
    const del = await fetch(`${srv.url}/api/jobs/${jobId}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await json(del)).status).toBe('cancelled');
    const events = await readJobEvents(srv.url, jobId, 5000);
    expect(events.at(-1)!.event).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 1500));
    const job = await json(await fetch(`${srv.url}/api/jobs/${jobId}`));
    expect(job.status).toBe('cancelled');
    expect(job.planId).toBeUndefined();
    expect(srv.store.listPlans('tiny').length).toBe(plansBefore);
    expect(srv.app.jobs.activeCount).toBe(0);
  });

  test('hub location job on the tiny county', async () => {
    const res = await post(`${srv.url}/api/scenarios/tiny/hubs`, { model: 'p-median', p: 1, timeLimit: 1 });
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    const events = await readJobEvents(srv.url, jobId);
    const last = events.at(-1)!;
    expect(last.event, JSON.stringify(last.data.error)).toBe('done');
    const candidates = places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate').map((p) => p.id);
    expect(last.data.result.hubs).toHaveLength(1);
    expect(candidates).toContain(last.data.result.hubs[0]);
  });
});

describe('auth', () => {
  test('writes need the token when one is configured; reads never do', async () => {
    const guarded = await startTestServer({ token: 's3cret' });
    try {
      expect((await fetch(`${guarded.url}/api/scenarios/tiny`)).status).toBe(200);
      const missing = await post(`${guarded.url}/api/scenarios/tiny/plans`, { day: 1 });
      expect(missing.status).toBe(401);
      expect((await json(missing)).error.code).toBe('unauthorized');
      expect(
        (await post(`${guarded.url}/api/scenarios/tiny/plans`, { day: 1 }, { Authorization: 'Bearer wrong' })).status,
      ).toBe(401);
      expect((await fetch(`${guarded.url}/api/jobs/x`, { method: 'DELETE' })).status).toBe(401);
      expect(
        (
          await fetch(`${guarded.url}/api/scenarios?id=t2`, {
            method: 'POST',
            body: fixtureZip(),
            headers: { 'Content-Type': 'application/zip' },
          })
        ).status,
      ).toBe(401);
      expect(guarded.store.listJobs().length).toBe(0);
      const ok = await post(
        `${guarded.url}/api/scenarios/tiny/plans`,
        { day: 1, timeLimit: 1 },
        { Authorization: 'Bearer s3cret' },
      );
      expect(ok.status).toBe(202);
      const { jobId } = await json(ok);
      expect(
        (
          await fetch(`${guarded.url}/api/jobs/${jobId}`, {
            method: 'DELETE',
            headers: { Authorization: 'Bearer s3cret' },
          })
        ).status,
      ).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
