/**
 * Carrier-scoped reads of daily operations: with two carrier tokens (ems, zto) each reads only its own carrier's
 * manifests, ledger rows, dispatch lines and sheets (its handover), never the other's volumes; everything else of
 * operations stays closed to them. Expected figures are recomputed here from the manifests written in the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { startTestServer, type TestServer } from '../server/helpers.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { importManifest } from '../../src/operations/manifests.ts';
import { buildDateBasis } from '../../src/operations/date-plan.ts';
import { dispatchLines } from '../../src/operations/dispatch.ts';
import { recordDriverEntries } from '../../src/operations/actuals.ts';
import type { PlanRoute, PlanStop } from '../../src/planning/types.ts';

const T = {
  admin: 'admin-token-0123456789abc',
  ems: 'carrier-ems-token-0123456789',
  zto: 'carrier-zto-token-0123456789',
};
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const NAMES = { ems: '中国邮政', zto: '中通快递' } as const;

// Manifests of 2026-12-01: [station, down, kg, up, kgUp, zone] per carrier.
const MANIFESTS = {
  ems: [
    ['V1', 12, 18, 0, 0, ''],
    ['V2', 3, 4.5, 5, 12.5, 'north'],
  ],
  zto: [
    ['V1', 20, 30, 0, 0, ''],
    ['V2', 6, 7.8, 0, 0, ''],
  ],
} as const;

let srv: TestServer;
let dispatchId = '';

beforeAll(async () => {
  srv = await startTestServer({
    tokens: [
      { token: T.admin, name: 'ada', role: 'admin' },
      { token: T.ems, name: 'ems-office', role: 'viewer', carrier: 'ems' },
      { token: T.zto, name: 'zto-office', role: 'viewer', carrier: 'zto' },
    ],
  });
  const scenario = srv.store.getScenario('tiny')!;
  const ops = OperationsStore.of(srv.store);
  for (const [carrierId, rows] of Object.entries(MANIFESTS)) {
    const csv = `station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n${rows.map((r) => [...r.slice(0, 5), 'false', r[5]].join(',')).join('\n')}\n`;
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-01',
      carrierId,
      fileName: `${carrierId}.csv`,
      bytes: Buffer.from(csv),
      replace: false,
    });
  }
  // One van visits V1 and V2 with both carriers' parcels.
  const split = (station: string) =>
    Object.fromEntries(
      Object.entries(MANIFESTS).map(([c, rows]) => {
        const r = rows.find((x) => x[0] === station)!;
        return [c, { down: r[1], up: r[3] }];
      }),
    );
  const stop = (stationId: string, arrival: string): PlanStop => {
    const byCarrier = split(stationId);
    const parts = Object.values(byCarrier);
    return {
      stationId,
      arrival,
      departure: arrival,
      parcelsDown: parts.reduce((s, p) => s + p.down, 0),
      parcelsUp: parts.reduce((s, p) => s + p.up, 0),
      kgDown: 0,
      kgUp: 0,
      load: 0,
      loadKg: 0,
      byCarrier,
      cold: false,
    };
  };
  const route: PlanRoute = {
    vehicle: 'WH-VAN#1',
    fleetId: 'WH-VAN',
    depot: 'W1',
    kind: 'delivery',
    departure: '08:00',
    returnTime: '11:00',
    km: 10,
    hours: 3,
    cost: 100,
    stops: [stop('V1', '08:30'), stop('V2', '09:00')],
  };
  const basis = buildDateBasis(scenario, 'tiny', '2026-12-01', ops);
  const d = ops.saveDispatch({
    scenarioId: 'tiny',
    planId: 'p',
    date: '2026-12-01',
    ...dispatchLines([route], basis),
    files: [],
  });
  dispatchId = d.id;
  recordDriverEntries(ops, d.id, {
    entries: [
      {
        entryId: 'scope-0001',
        vehicle: 'WH-VAN#1',
        stationId: 'V1',
        carrierId: 'ems',
        delivered: 12,
        failed: 0,
        failReason: '',
        pickedUp: 0,
        arrival: '08:35',
      },
      {
        entryId: 'scope-0002',
        vehicle: 'WH-VAN#1',
        stationId: 'V2',
        carrierId: 'zto',
        delivered: 0,
        failed: 6,
        failReason: 'closed',
        pickedUp: 0,
        arrival: '09:10',
      },
    ],
  });
});
afterAll(async () => srv?.close());

const get = (path: string, token: string) => fetch(`${srv.url}${path}`, { headers: auth(token) });

describe('carrier tokens read only their own operations data', () => {
  for (const carrier of ['ems', 'zto'] as const) {
    const other = carrier === 'ems' ? 'zto' : 'ems';
    const down = MANIFESTS[carrier].reduce((s, r) => s + r[1], 0);

    it(`${carrier}: manifests, ledger and dispatch list hold its own volumes only`, async () => {
      const m = await (await get('/api/scenarios/tiny/manifests?date=2026-12-01', T[carrier])).json();
      expect(m.manifests.map((x: { carrier: string; parcelsDown: number }) => [x.carrier, x.parcelsDown])).toEqual([
        [carrier, down],
      ]);
      expect((await get(`/api/scenarios/tiny/manifests?carrier=${other}`, T[carrier])).status).toBe(403);

      const ledger = await (await get('/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01', T[carrier])).json();
      expect(
        ledger.rows.map((r: { stationId: string; carrierId: string; dispatched: number }) => [
          r.stationId,
          r.carrierId,
          r.dispatched,
        ]),
      ).toEqual(MANIFESTS[carrier].map((r) => [r[0], carrier, r[1]]));
      // Totals are its own: ems delivered V1 (12) and has V2 pending (3); zto failed V2 (6) and has V1 pending (20).
      const expected =
        carrier === 'ems'
          ? { dispatched: 15, delivered: 12, failed: 0, pending: 3 }
          : { dispatched: 26, delivered: 0, failed: 6, pending: 20 };
      expect(ledger.totals).toMatchObject(expected);
      expect(ledger.totals.meanArrivalDelayMinutes).toBe(carrier === 'ems' ? 5 : 10);

      const list = await (await get('/api/scenarios/tiny/dispatches', T[carrier])).json();
      expect(list.dispatches).toHaveLength(1);
      expect(list.dispatches[0]).toMatchObject({ id: dispatchId, parcelsDown: down, notDispatched: 0 });
    });

    it(`${carrier}: the dispatch and its sheets show its own handover lines only`, async () => {
      const res = await get(`/api/dispatches/${dispatchId}`, T[carrier]);
      expect(res.status).toBe(200);
      const text = await res.text();
      const d = JSON.parse(text);
      expect(
        d.lines.map((l: { stationId: string; carrierId: string; parcelsDown: number; parcelsUp: number }) => [
          l.stationId,
          l.carrierId,
          l.parcelsDown,
          l.parcelsUp,
        ]),
      ).toEqual(MANIFESTS[carrier].map((r) => [r[0], carrier, r[1], r[3]]));
      // Nothing of the other carrier anywhere in the document: id, name, weights, actuals.
      expect(text).not.toContain(`"${other}"`);
      expect(text).not.toContain(`|${other}`);
      expect(text).not.toContain(NAMES[other]);

      const csv = await (await get(`/api/dispatches/${dispatchId}/routes.csv?lang=en`, T[carrier])).text();
      const rows = parse(csv, { bom: true, columns: true }) as Array<Record<string, string>>;
      expect(rows.map((r) => r.Carrier)).toEqual(MANIFESTS[carrier].map(() => NAMES[carrier]));
      expect(rows.reduce((s, r) => s + Number(r['Parcels down']), 0)).toBe(down);

      const book = new ExcelJS.Workbook();
      await book.xlsx.load(
        await (await get(`/api/dispatches/${dispatchId}/dispatch.xlsx?lang=en`, T[carrier])).arrayBuffer(),
      );
      const cells: string[] = [];
      book.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
      expect(book.worksheets.map((w) => w.name).filter((n) => n.startsWith('Handover'))).toEqual([
        `Handover-${NAMES[carrier]}`,
      ]);
      expect(cells).not.toContain(NAMES[other]);
      expect((await get(`/api/dispatches/${dispatchId}/dispatch.pdf`, T[carrier])).status).toBe(200);
    });
  }

  it('an unscoped reader sees both carriers; carrier tokens stay out of reports, date plans and writes', async () => {
    const all = await (await get('/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01', T.admin)).json();
    expect(all.totals.dispatched).toBe(15 + 26);
    const d = await (await get(`/api/dispatches/${dispatchId}`, T.admin)).json();
    expect(new Set(d.lines.map((l: { carrierId: string }) => l.carrierId))).toEqual(new Set(['ems', 'zto']));
    expect((await get('/api/scenarios/tiny/report?month=2026-12', T.zto)).status).toBe(403);
    expect((await get('/api/scenarios/tiny/date-plans', T.zto)).status).toBe(403);
    const post = await fetch(`${srv.url}/api/dispatches/${dispatchId}/entries`, {
      method: 'POST',
      headers: { ...auth(T.zto), 'content-type': 'application/json' },
      body: JSON.stringify({ entries: [] }),
    });
    expect(post.status).toBe(403);
  });
});
