/**
 * Plan modes through the API on the tiny county: separate (each carrier alone) and
 * a periodic horizon. Figures are checked against the fixture and each other, not against fixed numbers.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { json, post, readFixtureCsv, readJobEvents, startTestServer, type TestServer } from './helpers.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const demand = readFixtureCsv('demand.csv');
const carriers = readFixtureCsv('carriers.csv').map((c) => c.id);

async function runPlan(body: object): Promise<any> {
  const res = await post(`${srv.url}/api/scenarios/tiny/plans`, body);
  expect(res.status).toBe(202);
  const { jobId } = await json(res);
  const events = await readJobEvents(srv.url, jobId);
  const last = events.at(-1)!;
  expect(last.event, last.data.error).toBe('done');
  return json(await fetch(`${srv.url}/api/plans/${last.data.planId}`));
}

test('separate: every carrier routes its own parcels (the shared plan is not solved: no compare block)', async () => {
  const plan = await runPlan({ day: 1, mode: 'separate', timeLimit: 1, seed: 3 });
  expect(plan.mode).toBe('separate');
  expect(plan.compare).toBeUndefined();
  const sum = plan.routes.reduce((s: number, r: any) => s + r.cost, 0);
  expect(Math.abs(sum - plan.kpis.totalCost)).toBeLessThanOrEqual(0.01 * plan.routes.length + 1e-9);
  for (const route of plan.routes) {
    const carrier = route.vehicle.split(':')[0];
    expect(carriers).toContain(carrier);
  }
  // A carrier's route only visits stations where that carrier has parcels that day.
  for (const route of plan.routes.filter((r: any) => r.kind === 'delivery')) {
    const carrier = route.vehicle.split(':')[0];
    for (const stop of route.stops) {
      const rows = demand.filter((d) => d.day === '1' && d.carrier_id === carrier && d.station_id === stop.stationId);
      expect(
        rows.reduce((s, d) => s + Number(d.parcels_down) + Number(d.parcels_up), 0),
        `${carrier} ${stop.stationId}`,
      ).toBeGreaterThan(0);
    }
  }
});

test('horizon: the stored plan carries the periodic schedule, every wait within its limit', async () => {
  const plan = await runPlan({ day: 1, horizon: 2, timeLimit: 1, seed: 4 });
  expect(plan.horizon.days).toBe(2);
  expect(plan.horizon.stations.length).toBeGreaterThan(0);
  const withParcels = new Set(
    demand.filter((d) => Number(d.parcels_down) + Number(d.parcels_up) > 0).map((d) => d.station_id),
  );
  for (const s of plan.horizon.stations) {
    expect(withParcels.has(s.stationId)).toBe(true);
    expect(s.maxWaitDays).toBeLessThanOrEqual(s.limitDays);
    for (const d of s.visitDays) expect([1, 2]).toContain(d);
  }
  expect(plan.horizon.totalCost).toBeLessThanOrEqual(plan.horizon.everyDayCost + 1e-6);
});
