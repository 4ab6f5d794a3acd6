/**
 * Issue 20, operational records: retention keeps what a dispatch refers to; manifests for dispatched or
 * implausible dates, stale plans, unplanned pick-ups, reused entry ids, day plans, colliding sheet names and
 * horizon days out of order are refused (4xx/409, CLI non-zero) with the store's logical dump unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readFixtureCsv, startTestServer, TINY_DIR, type TestServer } from '../server/helpers.ts';
import { gongpei, MANIFEST_HEADER } from './helpers.ts';
import { openStore, type SqliteStore } from '../../src/store/sqlite.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { importManifest } from '../../src/operations/manifests.ts';
import { importActualsFile } from '../../src/operations/actuals.ts';
import { dispatchPlan, planDateAndSave } from '../../src/operations/service.ts';
import { buildLedger } from '../../src/operations/ledger.ts';
import { buildReport, parsePeriod } from '../../src/operations/report.ts';
import { dispatchXlsx } from '../../src/operations/sheets.ts';
import { planRequest } from '../../src/planning/request.ts';
import { planningNetwork } from '../../src/planning/network.ts';
import type { Dispatch } from '../../src/operations/types.ts';

const demand = readFixtureCsv('demand.csv');

/** Manifest CSV of a carrier for a demand.csv day of the tiny county. */
function manifestCsv(
  carrier: string,
  day: number,
  edit: (r: Record<string, string>) => Record<string, string> = (r) => r,
): string {
  const rows = demand.filter((r) => Number(r.day) === day && r.carrier_id === carrier).map(edit);
  return `${MANIFEST_HEADER}\n${rows.map((r) => [r.station_id, r.parcels_down, r.kg_down, r.parcels_up, r.kg_up, r.cold, r.up_zone].join(',')).join('\n')}\n`;
}

/** Actuals CSV of a dispatch: everything delivered, pick-ups as planned unless `pickedUp` says otherwise. */
function actualsCsv(d: Dispatch, pickedUp?: (key: string, planned: number) => number): string {
  const per = new Map<string, { down: number; up: number }>();
  for (const l of d.lines) {
    const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
    const cur = per.get(k) ?? { down: 0, up: 0 };
    per.set(k, { down: cur.down + l.parcelsDown, up: cur.up + l.parcelsUp });
  }
  const lines = [...per].map(([k, v]) => {
    const [vehicle, station, carrier] = k.split('|');
    return [vehicle, station, carrier, v.down, 0, '', pickedUp ? pickedUp(k, v.up) : v.up, ''].join(',');
  });
  return `vehicle,station_id,carrier_id,delivered,failed,fail_reason,picked_up,arrival\n${lines.join('\n')}\n`;
}

/** Every table but the audit log (which records refused writes by design). */
function dumpOf(store: unknown): Record<string, unknown[]> {
  const { audit: _audit, ...rest } = (store as SqliteStore).logicalDump();
  return rest;
}

async function importTiny(store: SqliteStore, date: string, day: number, carriers = ['ems', 'zto']): Promise<void> {
  const scenario = store.getScenario('tiny')!;
  for (const c of carriers)
    await importManifest(OperationsStore.of(store), {
      scenarioId: 'tiny',
      scenario,
      date,
      carrierId: c,
      fileName: `${c}.csv`,
      bytes: Buffer.from(manifestCsv(c, day)),
      replace: false,
    });
}

const send = async (
  url: string,
  method: string,
  body: string | undefined,
  contentType = 'application/json',
  lang = 'en',
): Promise<{ status: number; body: any }> => {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': contentType } : {}), 'accept-language': lang },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // binary answer
  }
  return { status: res.status, body: parsed };
};

describe('retention never removes what a dispatch refers to', () => {
  it('a dispatched plan older than the retention survives cleanup and a restart; report and ledger unchanged', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-retention-'));
    process.env.GONGPEI_CACHE_DIR ??= path.join(dir, 'cache');
    try {
      let store = openStore(dir);
      store.saveScenario('tiny', readScenarioFolder(TINY_DIR));
      await importTiny(store, '2026-12-01', 1);
      const plan = await planDateAndSave(store, 'tiny', '2026-12-01', { timeLimit: 0.5, seed: 1 });
      const d = await dispatchPlan(store, plan.id);
      await importActualsFile(OperationsStore.of(store), d.id, 'a.csv', Buffer.from(actualsCsv(d)));
      // An old plan nothing refers to: retention still removes it.
      const loose = store.savePlan('tiny', store.getPlan(plan.id)!.plan);
      const month = parsePeriod({ month: '2026-12' });
      const report = await buildReport(store, 'tiny', month);
      const ledger = buildLedger(OperationsStore.of(store), 'tiny', '2026-12-01', '2026-12-31');
      expect(report.costPerParcel).toBeGreaterThan(0);
      const handle = (store as unknown as { handle: { prepare(s: string): { run(...a: unknown[]): unknown } } }).handle;
      handle.prepare('UPDATE plans SET created_at = ?').run('2020-01-01T00:00:00.000Z');
      const before = dumpOf(store);

      const removed = store.cleanup(30, 90);
      expect(removed.plans).toBe(1);
      store.close();
      store = openStore(dir); // restart
      store.cleanup(30, 90);
      const after = dumpOf(store);
      expect(store.getPlan(plan.id)?.id).toBe(plan.id);
      expect(store.getPlan(loose.id)).toBeNull();
      // Only the loose plan is gone; every operational record and the dispatched plan are as they were.
      expect(after.plans).toEqual(before.plans!.filter((p) => (p as { id: string }).id !== loose.id));
      for (const t of ['op_manifests', 'op_date_plans', 'op_dispatches', 'op_actuals'])
        expect(after[t], t).toEqual(before[t]);
      const again = await buildReport(store, 'tiny', month);
      expect(again.byDay).toEqual(report.byDay);
      expect(again.costPerParcel).toBe(report.costPerParcel);
      expect(buildLedger(OperationsStore.of(store), 'tiny', '2026-12-01', '2026-12-31')).toEqual(ledger);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('refusals of the dispatch / manifest / actuals path (API and CLI)', () => {
  let srv: TestServer;
  let store: SqliteStore;
  let work = '';
  let env: Record<string, string> = {};
  let d1: Dispatch;
  let d2: Dispatch;
  const api = (p: string) => `${srv.url}/api${p}`;
  const postManifest = (date: string, carrier: string, csv: string, lang = 'en', replace = false) =>
    send(
      api(
        `/scenarios/tiny/manifests?date=${date}&carrier=${carrier}&filename=${carrier}.csv${replace ? '&replace=true' : ''}`,
      ),
      'POST',
      csv,
      'text/csv',
      lang,
    );
  const planApi = async (date: string) => {
    const r = await send(api('/scenarios/tiny/plans'), 'POST', JSON.stringify({ date, timeLimit: 0.5, seed: 1 }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  beforeAll(async () => {
    srv = await startTestServer();
    store = srv.store as SqliteStore;
    work = mkdtempSync(path.join(tmpdir(), 'gongpei-trust-ops-'));
    env = { GONGPEI_DATA_DIR: srv.dir, GONGPEI_CACHE_DIR: process.env.GONGPEI_CACHE_DIR ?? path.join(work, 'cache') };
    await importTiny(store, '2026-12-01', 1);
    await importTiny(store, '2026-12-02', 2);
    d1 = await dispatchPlan(
      store,
      (await planDateAndSave(store, 'tiny', '2026-12-01', { timeLimit: 0.5, seed: 1 })).id,
    );
    d2 = await dispatchPlan(
      store,
      (await planDateAndSave(store, 'tiny', '2026-12-02', { timeLimit: 0.5, seed: 1 })).id,
    );
  }, 120_000);
  afterAll(async () => {
    await srv?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses a manifest for a dispatched date, a date before one, and dates outside the window', async () => {
    const before = dumpOf(store);
    const csv = manifestCsv('ems', 1);
    const same = await postManifest('2026-12-02', 'ems', csv, 'en', true);
    expect(same.status).toBe(409);
    expect(same.body.error.message).toContain('2026-12-02 is already dispatched');
    const earlier = await postManifest('2026-11-30', 'ems', csv);
    expect(earlier.status).toBe(409);
    expect(earlier.body.error.message).toContain('a manifest for the earlier date 2026-11-30 would never be planned');
    const zh = await postManifest('2026-12-01', 'ems', csv, 'zh');
    expect(zh.status).toBe(409);
    expect(zh.body.error.message).toContain('已派车');
    for (const date of ['9999-12-31', '1999-12-31']) {
      const r = await postManifest(date, 'ems', csv);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toContain(`${date} is outside the operational dates 2000-01-01`);
    }
    const far = await postManifest('9999-12-31', 'ems', csv, 'zh');
    expect(far.body.error.message).toContain('不在业务日期范围');
    // A plan of an implausible date is refused by the same rule.
    const plan = await send(api('/scenarios/tiny/plans'), 'POST', JSON.stringify({ date: '9999-12-31' }));
    expect(plan.status).toBe(400);
    expect(plan.body.error.message).toContain('outside the operational dates');
    const file = path.join(work, 'ems.csv');
    writeFileSync(file, csv);
    for (const date of ['2026-12-02', '9999-12-31']) {
      const cli = await gongpei(['manifest', 'import', 'tiny', file, '--date', date, '--carrier', 'ems'], env);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr + cli.stdout).toMatch(/already dispatched|outside the operational dates/);
    }
    expect(dumpOf(store)).toEqual(before);
  }, 60_000);

  it('refuses the dispatch of a plan made before its manifests changed (re-plan), then dispatches the new plan', async () => {
    await importTiny(store, '2026-12-03', 1);
    const stale = await planApi('2026-12-03');
    const replaced = await postManifest(
      '2026-12-03',
      'ems',
      manifestCsv('ems', 1, (r) => (r.station_id === 'V1' ? { ...r, parcels_down: '13' } : r)),
      'en',
      true,
    );
    expect(replaced.status).toBe(201);
    const before = dumpOf(store);
    const r = await send(api(`/plans/${stale}/dispatch`), 'POST', '{}');
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('the manifests of 2026-12-03 changed after plan');
    expect(r.body.error.message).toContain('plan 2026-12-03 again');
    const zh = await send(api(`/plans/${stale}/dispatch`), 'POST', '{}', 'application/json', 'zh');
    expect(zh.body.error.message).toContain('请重新为 2026-12-03 排线');
    const cli = await gongpei(['dispatch', stale, '--out', path.join(work, 'stale')], env);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('plan 2026-12-03 again');
    expect(dumpOf(store)).toEqual(before);
    const fresh = await planApi('2026-12-03');
    const ok = await send(api(`/plans/${fresh}/dispatch`), 'POST', '{}');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const v1 = OperationsStore.of(store)
      .getDispatch(ok.body.id)!
      .lines.filter((l) => l.stationId === 'V1' && l.carrierId === 'ems');
    const left = OperationsStore.of(store)
      .getDispatch(ok.body.id)!
      .notDispatched.filter((l) => l.stationId === 'V1' && l.carrierId === 'ems');
    expect(
      [...v1.map((l) => l.parcelsDown - l.carriedOver), ...left.map((l) => l.parcels)].reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(13);
  }, 60_000);

  it('refuses pick-ups beyond what was planned, naming file, row and field; exactly the plan is accepted', async () => {
    const none = [
      ...new Set(d1.lines.filter((l) => l.parcelsUp === 0).map((l) => `${l.vehicle}|${l.stationId}|${l.carrierId}`)),
    ];
    expect(none.length).toBeGreaterThan(0);
    const target = none[0];
    const csv = actualsCsv(d1, (k, planned) => (k === target ? 4999 : planned));
    const before = dumpOf(store);
    const r = await send(api(`/dispatches/${d1.id}/actuals?filename=a.csv`), 'POST', csv, 'text/csv');
    expect(r.status).toBe(400);
    const row = csv.split('\n').findIndex((l) => l.startsWith(target.replaceAll('|', ','))) + 1;
    expect(r.body.error.message).toContain(`a.csv:${row}:picked_up: picked up 4999 but 0 pick-ups were dispatched`);
    const zh = await send(api(`/dispatches/${d1.id}/actuals?filename=a.csv`), 'POST', csv, 'text/csv', 'zh');
    expect(zh.body.error.message).toContain('不能超过计划');
    // One more than planned where pick-ups were planned.
    const some = d1.lines.find((l) => l.parcelsUp > 0);
    if (some) {
      const k = `${some.vehicle}|${some.stationId}|${some.carrierId}`;
      const over = await send(
        api(`/dispatches/${d1.id}/actuals?filename=b.csv`),
        'POST',
        actualsCsv(d1, (key, planned) => (key === k ? planned + 1 : planned)),
        'text/csv',
      );
      expect(over.status).toBe(400);
      expect(over.body.error.message).toContain('picked_up');
    }
    const file = path.join(work, 'a.csv');
    writeFileSync(file, csv);
    const cli = await gongpei(['actuals', 'import', d1.id, file], env);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain(`a.csv:${row}:picked_up`);
    expect(dumpOf(store)).toEqual(before);
    const ok = await send(api(`/dispatches/${d1.id}/actuals?filename=ok.csv`), 'POST', actualsCsv(d1), 'text/csv');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  }, 60_000);

  it('refuses a driver entry id reused on another dispatch (409 naming both); the same resend stays idempotent', async () => {
    const entry = (d: Dispatch) => {
      const l = d.lines[0];
      return {
        entryId: 'drv-entry-0001',
        vehicle: l.vehicle,
        stationId: l.stationId,
        carrierId: l.carrierId,
        delivered: d.lines
          .filter((x) => x.vehicle === l.vehicle && x.stationId === l.stationId && x.carrierId === l.carrierId)
          .reduce((s, x) => s + x.parcelsDown, 0),
        failed: 0,
      };
    };
    const first = await send(api(`/dispatches/${d2.id}/entries`), 'POST', JSON.stringify({ entries: [entry(d2)] }));
    expect(first.status).toBe(201);
    expect(first.body.added).toBe(1);
    const again = await send(api(`/dispatches/${d2.id}/entries`), 'POST', JSON.stringify({ entries: [entry(d2)] }));
    expect(again.status).toBe(201);
    expect(again.body.added).toBe(0);
    const before = dumpOf(store);
    const other = await send(api(`/dispatches/${d1.id}/entries`), 'POST', JSON.stringify({ entries: [entry(d1)] }));
    expect(other.status).toBe(409);
    expect(other.body.error.message).toContain(`entry id "drv-entry-0001" already belongs to dispatch ${d2.id}`);
    const changed = await send(
      api(`/dispatches/${d2.id}/entries`),
      'POST',
      JSON.stringify({ entries: [{ ...entry(d2), arrival: '23:59' }] }),
      'application/json',
      'zh',
    );
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toContain('记录编号“drv-entry-0001”');
    expect(dumpOf(store)).toEqual(before);
  }, 60_000);

  it('answers 400 (not 500) for the dispatch of a day plan', async () => {
    const p = store.savePlan('tiny', store.getPlan(d1.planId)!.plan);
    const before = dumpOf(store);
    const r = await send(api(`/plans/${p.id}/dispatch`), 'POST', '{}');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toContain(`plan ${p.id} is not a plan of a calendar date`);
    const zh = await send(api(`/plans/${p.id}/dispatch`), 'POST', '{}', 'application/json', 'zh');
    expect(zh.body.error.message).toContain('不是按日期生成的计划');
    expect(dumpOf(store)).toEqual(before);
  });

  it('refuses a horizon day dispatched to a date before a dispatched date (409)', async () => {
    const scenario = store.getScenario('tiny')!;
    const { matrix } = await planningNetwork(scenario);
    const plan = await planRequest(scenario, { day: 1, horizon: 2, timeLimit: 0.2, seed: 1 }, { matrix });
    const p = store.savePlan('tiny', plan);
    const before = dumpOf(store);
    const r = await send(api(`/plans/${p.id}/dispatch`), 'POST', JSON.stringify({ day: 1, date: '2026-12-02' }));
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('2026-12-02 is already dispatched');
    const early = await send(api(`/plans/${p.id}/dispatch`), 'POST', JSON.stringify({ day: 1, date: '2026-11-20' }));
    expect(early.status).toBe(409);
    expect(early.body.error.message).toMatch(
      /is already dispatched: dates are dispatched in order, so 2026-11-20 can no longer be/,
    );
    const cli = await gongpei(
      ['dispatch', p.id, '--out', path.join(work, 'h'), '--day', '1', '--date', '2026-11-21'],
      env,
    );
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain('dates are dispatched in order');
    expect(dumpOf(store)).toEqual(before);
  }, 60_000);

  it('dispatches carriers whose names collide as sheet names; a dispatch whose files fail leaves nothing', async () => {
    const base = store.getScenario('tiny')!;
    for (const [id, names] of [
      ['clash1', ['A/B', 'A:B']],
      ['clash2', ['ZTO', 'zto']],
    ] as const) {
      store.saveScenario(id, { ...base, carriers: base.carriers.map((c, i) => ({ ...c, name: names[i] })) });
      const ops = OperationsStore.of(store);
      for (const c of ['ems', 'zto'])
        await importManifest(ops, {
          scenarioId: id,
          scenario: store.getScenario(id)!,
          date: '2026-12-01',
          carrierId: c,
          fileName: `${c}.csv`,
          bytes: Buffer.from(manifestCsv(c, 1)),
          replace: false,
        });
      const plan = await send(
        api(`/scenarios/${id}/plans`),
        'POST',
        JSON.stringify({ date: '2026-12-01', timeLimit: 0.5 }),
      );
      expect(plan.status).toBe(201);
      // A file path as --out: the files cannot be written, so the dispatch is rolled back.
      const blocker = path.join(work, `${id}-file`);
      writeFileSync(blocker, 'x');
      const before = dumpOf(store);
      await expect(dispatchPlan(store, plan.body.id, path.join(blocker, 'out'))).rejects.toThrow();
      expect(dumpOf(store)).toEqual(before);
      const r = await send(api(`/plans/${plan.body.id}/dispatch`), 'POST', '{}');
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      for (const name of ['dispatch.xlsx', 'dispatch.pdf', 'routes.csv']) {
        const res = await fetch(api(`/dispatches/${r.body.id}/${name}`));
        expect(res.status, name).toBe(200);
      }
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(
        (await dispatchXlsx(store.getScenario(id)!, ops.getDispatch(r.body.id)!, 'en')) as unknown as ArrayBuffer,
      );
      const sheets = book.worksheets.map((w) => w.name).filter((n) => n.startsWith('Handover'));
      expect(new Set(sheets.map((n) => n.toLowerCase())).size).toBe(sheets.length);
      expect(sheets[1]).toMatch(/_2$/);
    }
  }, 120_000);
});
