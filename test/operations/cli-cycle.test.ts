/**
 * Acceptance of issue 12 from the CLI: a two-day cycle on Daming. Manifests of all six carriers for 2026-12-01
 * and 2026-12-02 are generated from demand.csv days 1 and 2; 12-01 is planned, dispatched, its actuals imported
 * with some stops failed; 12-02's plan carries the failed parcels; the ledger reconciles against figures
 * recomputed here from the dispatch lines and the actuals file; the December report opens.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openStore } from '../../src/store/sqlite.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import type { Dispatch } from '../../src/operations/types.ts';
import { DAMING, damingDemand, gongpei, writeManifests } from './helpers.ts';
import { pdfHasText } from './pdf-text.ts';

const CARRIERS = ['ems', 'zto', 'yto', 'sto', 'yunda', 'jt'];

describe('daily operations from the CLI: two-day cycle on Daming', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-ops-cli-'));
  const env = { GONGPEI_DATA_DIR: path.join(dir, 'var'), GONGPEI_CACHE_DIR: path.join(dir, 'cache') };
  const demand = damingDemand();

  it('manifests → plan → dispatch → actuals → plan with carry-over → ledger → report', async () => {
    expect((await gongpei(['import', DAMING, '--id', 'daming'], env)).code).toBe(0);
    const files = {
      '2026-12-01': writeManifests(path.join(dir, 'm1'), 1, demand),
      '2026-12-02': writeManifests(path.join(dir, 'm2'), 2, demand),
    };
    for (const [date, byCarrier] of Object.entries(files)) {
      expect([...byCarrier.keys()].sort()).toEqual([...CARRIERS].sort());
      // Carriers hand over at the same time: the six imports run concurrently.
      const results = await Promise.all(
        CARRIERS.map((carrier) =>
          gongpei(
            ['manifest', 'import', 'daming', byCarrier.get(carrier)!, '--date', date, '--carrier', carrier, '--json'],
            env,
          ),
        ),
      );
      for (const [k, carrier] of CARRIERS.entries()) {
        const r = results[k];
        expect(r.stderr).toBe('');
        const summary = JSON.parse(r.stdout);
        const rows = demand.filter((x) => x.day === (date === '2026-12-01' ? 1 : 2) && x.carrier_id === carrier);
        expect(summary).toMatchObject({
          date,
          carrier,
          rows: rows.length,
          parcelsDown: rows.reduce((s, x) => s + Number(x.parcels_down), 0),
          parcelsUp: rows.reduce((s, x) => s + Number(x.parcels_up), 0),
        });
      }
    }
    // A second import of the same carrier and date is refused; --replace supersedes.
    const again = await gongpei(
      ['manifest', 'import', 'daming', files['2026-12-01'].get('ems')!, '--date', '2026-12-01', '--carrier', 'ems'],
      env,
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already imported .*--replace/);
    const replaced = JSON.parse(
      (
        await gongpei(
          [
            'manifest',
            'import',
            'daming',
            files['2026-12-01'].get('ems')!,
            '--date',
            '2026-12-01',
            '--carrier',
            'ems',
            '--replace',
            '--json',
          ],
          env,
        )
      ).stdout,
    );
    expect(replaced.replaced).toMatch(/^mf-/);
    const list = JSON.parse((await gongpei(['manifest', 'list', 'daming', '--json'], env)).stdout);
    expect(list.manifests).toHaveLength(12);

    // Plan 12-01.
    const p1r = await gongpei(['plan', 'daming', '--date', '2026-12-01', '--time', '1', '--json'], env);
    expect(p1r.code).toBe(0);
    const p1 = JSON.parse(p1r.stdout);
    expect(p1.date).toBe('2026-12-01');
    expect(p1.carriedOver).toMatchObject({ stations: 0, parcels: 0 });
    const day1Down = demand.filter((x) => x.day === 1).reduce((s, x) => s + Number(x.parcels_down), 0);
    const deferred1 = p1.deferred.reduce((s: number, l: { parcels: number }) => s + l.parcels, 0);
    const unassigned1 = new Set(p1.unassigned.map((u: { stationId: string }) => u.stationId));
    const routedDown = p1.routes
      .filter((r: { kind: string }) => r.kind === 'delivery')
      .flatMap((r: { stops: Array<{ parcelsDown: number }> }) => r.stops)
      .reduce((s: number, x: { parcelsDown: number }) => s + x.parcelsDown, 0);
    const unassignedDown1 = demand
      .filter((x) => x.day === 1 && unassigned1.has(x.station_id))
      .reduce((s, x) => s + Number(x.parcels_down), 0);
    expect(routedDown + deferred1 + unassignedDown1).toBe(day1Down);

    // Dispatch 12-01.
    const out = path.join(dir, 'dispatch-1201');
    const dr = await gongpei(['dispatch', p1.id, '--out', out, '--json'], env);
    expect(dr.stderr).toBe('');
    const dv = JSON.parse(dr.stdout);
    expect(dv).toMatchObject({ planId: p1.id, date: '2026-12-01' });
    for (const f of ['dispatch.pdf', 'dispatch.xlsx', 'routes.csv']) expect(existsSync(path.join(out, f))).toBe(true);
    const csv = readFileSync(path.join(out, 'routes.csv'));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toContain('站点编号');
    const sheets = new ExcelJS.Workbook();
    await sheets.xlsx.readFile(path.join(out, 'dispatch.xlsx'));
    expect(sheets.worksheets.some((w) => w.name.startsWith('交接-'))).toBe(true);
    expect(pdfHasText(path.join(out, 'dispatch.pdf'), '大名县 派车单')).toBe(true);

    const store = openStore(env.GONGPEI_DATA_DIR);
    const dispatch: Dispatch = OperationsStore.of(store).getDispatch(dv.id)!;
    store.close();
    expect(dispatch.lines.reduce((s, l) => s + l.parcelsDown, 0)).toBe(routedDown);
    expect(
      dispatch.lines.reduce((s, l) => s + l.parcelsDown, 0) + dispatch.notDispatched.reduce((s, l) => s + l.parcels, 0),
    ).toBe(day1Down);

    // Actuals: every 5th stop-carrier line fails; every 7th arrives an hour late.
    const per = new Map<
      string,
      { vehicle: string; stationId: string; carrierId: string; down: number; up: number; arrival: string }
    >();
    for (const l of dispatch.lines) {
      const k = `${l.vehicle}|${l.stationId}|${l.carrierId}`;
      const cur = per.get(k) ?? {
        vehicle: l.vehicle,
        stationId: l.stationId,
        carrierId: l.carrierId,
        down: 0,
        up: 0,
        arrival: l.arrival,
      };
      per.set(k, { ...cur, down: cur.down + l.parcelsDown, up: cur.up + l.parcelsUp });
    }
    const lateBy = (clock: string, minutes: number) => {
      const [h, m] = clock.split(':').map(Number);
      const t = h! * 60 + m! + minutes;
      return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
    };
    const actualLines: string[] = ['vehicle,station_id,carrier_id,delivered,failed,fail_reason,picked_up,arrival'];
    const expected = new Map<string, { dispatched: number; delivered: number; failed: number; onTime: number }>();
    let i = 0;
    for (const a of per.values()) {
      const fail = i % 5 === 0 && a.down > 0;
      const late = i % 7 === 0;
      const arrival = late ? lateBy(a.arrival, 60) : a.arrival;
      actualLines.push(
        [
          a.vehicle,
          a.stationId,
          a.carrierId,
          fail ? 0 : a.down,
          fail ? a.down : 0,
          fail ? '收件人不在' : '',
          a.up,
          arrival,
        ].join(','),
      );
      const k = `${a.stationId}|${a.carrierId}`;
      const e = expected.get(k) ?? { dispatched: 0, delivered: 0, failed: 0, onTime: 0 };
      expected.set(k, {
        dispatched: e.dispatched + a.down,
        delivered: e.delivered + (fail ? 0 : a.down),
        failed: e.failed + (fail ? a.down : 0),
        onTime: e.onTime + (fail || late ? 0 : a.down),
      });
      i++;
    }
    const actualsFile = path.join(dir, 'actuals-1201.csv');
    writeFileSync(actualsFile, `${actualLines.join('\n')}\n`);
    const ar = JSON.parse((await gongpei(['actuals', 'import', dv.id, actualsFile, '--json'], env)).stdout);
    const failedTotal = [...expected.values()].reduce((s, e) => s + e.failed, 0);
    expect(ar).toMatchObject({ entries: per.size, added: per.size, failed: failedTotal });
    expect(failedTotal).toBeGreaterThan(0);

    // Plan 12-02: the failed parcels and what 12-01 left off its routes come back, marked.
    const p2 = JSON.parse(
      (await gongpei(['plan', 'daming', '--date', '2026-12-02', '--time', '1', '--json'], env)).stdout,
    );
    expect(p2.date).toBe('2026-12-02');
    const carriedFailed = p2.carriedOver.lines
      .filter((l: { reason: string }) => l.reason === 'failed')
      .reduce((s: number, l: { parcels: number }) => s + l.parcels, 0);
    const waitingFailed = p2.deferred
      .filter((l: { reason: string }) => l.reason === 'failed')
      .reduce((s: number, l: { parcels: number }) => s + l.parcels, 0);
    expect(carriedFailed + waitingFailed).toBe(failedTotal);
    expect(carriedFailed).toBeGreaterThan(0);
    for (const l of p2.carriedOver.lines) expect(l.fromDate).toBe('2026-12-01');
    // Conservation: what 12-02 routes or defers = its manifests + everything 12-01 did not deliver.
    const day2Down = demand.filter((x) => x.day === 2).reduce((s, x) => s + Number(x.parcels_down), 0);
    const left1 = dispatch.notDispatched.reduce((s, l) => s + l.parcels, 0);
    const routed2 = p2.routes
      .filter((r: { kind: string }) => r.kind === 'delivery')
      .flatMap((r: { stops: Array<{ parcelsDown: number }> }) => r.stops)
      .reduce((s: number, x: { parcelsDown: number }) => s + x.parcelsDown, 0);
    const deferred2 = p2.deferred.reduce((s: number, l: { parcels: number }) => s + l.parcels, 0);
    const unassigned2 = new Set(p2.unassigned.map((u: { stationId: string }) => u.stationId));
    const unassignedDown2 =
      demand
        .filter((x) => x.day === 2 && unassigned2.has(x.station_id))
        .reduce((s, x) => s + Number(x.parcels_down), 0) +
      p2.carriedOver.lines
        .filter((l: { stationId: string }) => unassigned2.has(l.stationId))
        .reduce((s: number, l: { parcels: number }) => s + l.parcels, 0);
    expect(routed2 + deferred2 + unassignedDown2).toBe(day2Down + left1 + failedTotal);

    // Ledger: recomputed here from the dispatch lines and the actuals written above.
    const ledger = JSON.parse(
      (
        await gongpei(
          [
            'ledger',
            'daming',
            '--from',
            '2026-12-01',
            '--to',
            '2026-12-31',
            '--json',
            '--xlsx',
            path.join(dir, 'ledger.xlsx'),
          ],
          env,
        )
      ).stdout,
    );
    const rows1201 = ledger.rows.filter((r: { date: string }) => r.date === '2026-12-01');
    expect(rows1201).toHaveLength(expected.size);
    for (const r of rows1201) {
      const e = expected.get(`${r.stationId}|${r.carrierId}`)!;
      expect({ dispatched: r.dispatched, delivered: r.delivered, failed: r.failed, onTime: r.onTime }).toEqual(e);
      expect(r.dispatched).toBe(r.delivered + r.failed);
    }
    expect(ledger.totals.failed).toBe(failedTotal);
    const led = new ExcelJS.Workbook();
    await led.xlsx.readFile(path.join(dir, 'ledger.xlsx'));
    expect(led.worksheets[0].rowCount).toBe(ledger.rows.length + 2);

    // December report: JSON, XLSX re-read, PDF with Chinese text.
    const pdf = path.join(dir, 'report.pdf');
    const xlsx = path.join(dir, 'report.xlsx');
    const rr = await gongpei(
      ['report', 'daming', '--month', '2026-12', '--pdf', pdf, '--xlsx', xlsx, '--json', '--record'],
      env,
    );
    expect(rr.code).toBe(0);
    const report = JSON.parse(rr.stdout);
    expect(report.period).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(report.totals.delivered).toBe(ledger.totals.delivered);
    expect(report.byCarrier.reduce((s: number, c: { parcelsDown: number }) => s + c.parcelsDown, 0)).toBe(
      ledger.totals.dispatched,
    );
    expect(report.byTownship.reduce((s: number, c: { delivered: number }) => s + c.delivered, 0)).toBe(
      ledger.totals.delivered,
    );
    expect(report.scorecard.snapshotId).toMatch(/^sc-/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    expect(book.worksheets.map((w) => w.name)).toEqual(['运营报表', '按乡镇', '按快递公司', '按日', '覆盖考核']);
    expect(pdfHasText(pdf, '大名县 运营报表')).toBe(true);
    expect(pdfHasText(pdf, '覆盖考核')).toBe(true);
  }, 600_000);
});
