/**
 * A horizon plan keeps the routes of every day of its horizon (horizon.perDay[].routes), and any day K can be
 * dispatched for its calendar date (the plan's date + K − 1, or --date). Figures are recomputed from the stored
 * plan's routes, not read back from the dispatch.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestServer } from '../server/helpers.ts';
import { gongpei } from './helpers.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { planningNetwork } from '../../src/planning/network.ts';
import { planRequest } from '../../src/planning/request.ts';
import { dispatchPlan } from '../../src/operations/service.ts';
import type { PlanRoute } from '../../src/planning/types.ts';

const TINY = path.resolve(import.meta.dirname, '../fixtures/tiny-county');

/** Parcels down per "station|carrier" over the delivery routes. */
function perStationCarrier(routes: PlanRoute[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of routes)
    if (r.kind === 'delivery')
      for (const s of r.stops)
        for (const [c, v] of Object.entries(s.byCarrier))
          if (v.down > 0) out.set(`${s.stationId}|${c}`, (out.get(`${s.stationId}|${c}`) ?? 0) + v.down);
  return out;
}

describe('horizon plan: routes of every day, dispatch of day K', () => {
  it('stores each day’s routes and dispatches day K for its date', async () => {
    const scenario = readScenarioFolder(TINY);
    const srv = await startTestServer();
    const store = srv.store;
    const { matrix } = await planningNetwork(scenario);
    const plan = await planRequest(scenario, { day: 1, horizon: 3, timeLimit: 0.2, seed: 1 }, { matrix });
    const perDay = plan.horizon!.perDay!;
    const demandDays = [...new Set(scenario.demand.filter((r) => r.day <= 3).map((r) => r.day))];
    expect(perDay.length).toBeGreaterThanOrEqual(1);
    for (const d of perDay) {
      expect(demandDays).toContain(d.day);
      expect(Array.isArray(d.routes)).toBe(true);
      // A day's KPIs are those of its own routes: parcels down on its delivery routes.
      const down = d
        .routes!.filter((r) => r.kind === 'delivery')
        .reduce((s, r) => s + r.stops.reduce((a, x) => a + x.parcelsDown, 0), 0);
      expect(down).toBe(d.kpis.parcelsDown);
    }
    // Day 1 of the horizon is the plan's own routes.
    const first = perDay.find((d) => d.day === 1);
    if (first) expect(first.routes).toEqual(plan.routes);

    // A plan without a date: --date is needed. With one: day K goes to date + K − 1.
    const bare = store.savePlan('tiny', plan);
    const last = perDay[perDay.length - 1];
    await expect(dispatchPlan(store, bare.id, undefined, 'zh', { day: last.day })).rejects.toThrow(
      /has no date: give the calendar date of day/,
    );
    await expect(dispatchPlan(store, bare.id, undefined, 'zh', { day: 9 })).rejects.toThrow(
      /outside the plan's horizon of 3 days/,
    );
    const d1 = await dispatchPlan(store, bare.id, undefined, 'zh', { day: last.day, date: '2026-12-10' });
    expect(d1).toMatchObject({ planId: bare.id, day: last.day, date: '2026-12-10' });
    const dispatched = new Map<string, number>();
    for (const l of d1.lines)
      dispatched.set(
        `${l.stationId}|${l.carrierId}`,
        (dispatched.get(`${l.stationId}|${l.carrierId}`) ?? 0) + l.parcelsDown,
      );
    expect(dispatched).toEqual(perStationCarrier(last.routes!));
    expect(d1.notDispatched).toEqual([]);
    // Pick-ups on the day's routes keep their destination zone from demand.csv (what a missed pick-up carries).
    for (const l of d1.lines.filter((x) => x.parcelsUp > 0)) {
      const zones = scenario.demand
        .filter((r) => r.stationId === l.stationId && r.carrierId === l.carrierId && r.upZone !== '')
        .map((r) => r.upZone);
      expect(zones).toContain(d1.pickUps![`${l.stationId}|${l.carrierId}`].upZone);
    }

    const dated = store.savePlan('tiny', { ...plan, date: '2026-12-20' } as typeof plan);
    const d2 = await dispatchPlan(store, dated.id, undefined, 'zh', { day: last.day });
    expect(d2.date).toBe(`2026-12-${String(20 + last.day - 1).padStart(2, '0')}`);
    // One dispatch per date, and the frozen document is what is stored.
    await expect(dispatchPlan(store, dated.id, undefined, 'zh', { day: last.day })).rejects.toThrow(
      /already dispatched/,
    );
    expect(OperationsStore.of(store).getDispatch(d2.id)).toMatchObject({
      day: last.day,
      date: d2.date,
      planId: dated.id,
    });

    // API: the day's routes on the map (routes.geojson?day=K), and dispatch of a day with { day, date }.
    for (const d of perDay) {
      const geo = await (await fetch(`${srv.url}/api/plans/${bare.id}/routes.geojson?day=${d.day}`)).json();
      const lines = geo.features.filter((f: { geometry: { type: string } }) => f.geometry.type === 'LineString');
      expect(lines.map((f: { properties: { vehicle: string } }) => f.properties.vehicle)).toEqual(
        d.routes!.map((r) => r.vehicle),
      );
    }
    const post = (body: unknown) =>
      fetch(`${srv.url}/api/plans/${bare.id}/dispatch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ day: last.day })).status).toBe(400);
    // Dates are dispatched in order (issue 20): a date before one already dispatched is refused.
    expect((await post({ day: last.day, date: '2026-12-11' })).status).toBe(409);
    const res = await post({ day: last.day, date: '2026-12-28' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      planId: bare.id,
      day: last.day,
      date: '2026-12-28',
      parcelsDown: [...perStationCarrier(last.routes!).values()].reduce((a, b) => a + b, 0),
    });
    await srv.close();
  }, 60_000);
});

describe('gongpei dispatch --day K', () => {
  it('plan --horizon, then dispatch a day of it for a date; without --date it names the fix', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-ops-hcli-'));
    const env = { GONGPEI_DATA_DIR: path.join(dir, 'var'), GONGPEI_CACHE_DIR: path.join(dir, 'cache') };
    try {
      const planned = await gongpei(
        ['plan', TINY, '--day', '1', '--horizon', '2', '--time', '0.2', '--seed', '1', '--json'],
        env,
      );
      expect(planned.code, planned.stderr).toBe(0);
      const plan = JSON.parse(planned.stdout);
      const last = plan.horizon.perDay[plan.horizon.perDay.length - 1];
      const noDate = await gongpei(['dispatch', plan.id, '--day', String(last.day), '--out', path.join(dir, 'x')], env);
      expect(noDate.code).toBe(1);
      expect(noDate.stderr).toMatch(/has no date: give the calendar date of day \d+ with --date YYYY-MM-DD/);
      const ok = await gongpei(
        [
          'dispatch',
          plan.id,
          '--day',
          String(last.day),
          '--date',
          '2026-12-05',
          '--out',
          path.join(dir, 'out'),
          '--json',
        ],
        env,
      );
      expect(ok.code, ok.stderr).toBe(0);
      const view = JSON.parse(ok.stdout);
      expect(view).toMatchObject({ planId: plan.id, day: last.day, date: '2026-12-05' });
      expect(view.parcelsDown).toBe([...perStationCarrier(last.routes).values()].reduce((a, b) => a + b, 0));
      expect(view.files.map((f: string) => path.basename(f)).sort()).toEqual([
        'dispatch.pdf',
        'dispatch.xlsx',
        'routes.csv',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
