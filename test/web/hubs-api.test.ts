import { afterEach, describe, expect, it } from 'vitest';
import { json, post, readJobEvents, startTestServer, type TestServer } from '../server/helpers.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('hub API for the workbench', () => {
  it('capacitated model takes opening costs and capacities; the result carries the re-planned routes', async () => {
    server = await startTestServer();
    const bad = await post(`${server.url}/api/scenarios/tiny/hubs`, { model: 'capacitated', fixedCost: -1 });
    expect(bad.status).toBe(400);
    const res = await post(`${server.url}/api/scenarios/tiny/hubs`, {
      model: 'capacitated',
      fixedCost: { C1: 50, H1: 400 },
      capacity: 500,
      timeLimit: 1,
    });
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    const events = await readJobEvents(server.url, jobId, 120_000);
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    const result = done.data.result;
    expect(result.params).toMatchObject({ fixedCost: { C1: 50, H1: 400 }, capacity: 500 });
    // Every stop of the re-planned routes is a station of the scenario, and the route count matches the summary's vehicles.
    const stations = new Set(
      server.store
        .getScenario('tiny')!
        .places.filter((p) => p.hasStation)
        .map((p) => p.id),
    );
    expect(result.routing.routes.length).toBeGreaterThan(0);
    for (const r of result.routing.routes)
      for (const s of r.stops) expect(stations.has(s.stationId) || r.kind === 'trunk').toBe(true);
    const vehicles = new Set(
      result.routing.routes
        .filter((r: { stops: unknown[] }) => r.stops.length > 0)
        .map((r: { vehicle: string }) => r.vehicle),
    );
    expect(vehicles.size).toBe(result.routing.vehiclesUsed);
  }, 150_000);
});
