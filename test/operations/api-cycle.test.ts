/**
 * Issue 12 through the HTTP API: the two-day cycle on Daming (manifests of six carriers for two dates, plan by
 * date, dispatch, actuals with failures, carry-over into the next date, ledger, December report), and bad
 * manifests / actuals (≥ 15 cases) answered with `file:row:field` errors while the store stays unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../server/helpers.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { DAMING, MANIFEST_HEADER, damingDemand, type DemandLine } from './helpers.ts';

const CARRIERS = ['ems', 'zto', 'yto', 'sto', 'yunda', 'jt'];

function manifestCsv(rows: DemandLine[]): string {
  return `${MANIFEST_HEADER}\n${rows.map((r) => [r.station_id, r.parcels_down, r.kg_down, r.parcels_up, r.kg_up, r.cold, r.up_zone].join(',')).join('\n')}\n`;
}

async function upload(
  url: string,
  name: string,
  content: string | Buffer,
  lang = 'en',
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const res = await fetch(url, { method: 'POST', body: form, headers: { 'accept-language': lang } });
  return { status: res.status, body: await res.json() };
}

const postJson = async (url: string, body: unknown) => {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};

describe('daily operations through the API', () => {
  let srv: TestServer;
  const demand = damingDemand();
  let ops: OperationsStore;
  let dispatchId = '';
  let dispatch: any;

  beforeAll(async () => {
    process.env.GONGPEI_CACHE_DIR ??= mkdtempSync(path.join(tmpdir(), 'gongpei-ops-cache-'));
    srv = await startTestServer({ seedTiny: false });
    srv.store.saveScenario('daming', readScenarioFolder(DAMING));
    ops = OperationsStore.of(srv.store);
  });
  afterAll(async () => srv?.close());

  it('imports all six carriers for two dates, plans 12-01, dispatches, records actuals, carries the failures into 12-02', async () => {
    for (const [date, day] of [
      ['2026-12-01', 1],
      ['2026-12-02', 2],
    ] as const) {
      for (const c of CARRIERS) {
        const rows = demand.filter((x) => x.day === day && x.carrier_id === c);
        const r = await upload(
          `${srv.url}/api/scenarios/daming/manifests?date=${date}&carrier=${c}`,
          `${c}.csv`,
          manifestCsv(rows),
        );
        expect(r.status).toBe(201);
        expect(r.body).toMatchObject({
          date,
          carrier: c,
          rows: rows.length,
          parcelsDown: rows.reduce((s, x) => s + Number(x.parcels_down), 0),
        });
      }
    }
    const list = await (await fetch(`${srv.url}/api/scenarios/daming/manifests?date=2026-12-02`)).json();
    expect(list.manifests).toHaveLength(6);

    const p1 = await postJson(`${srv.url}/api/scenarios/daming/plans`, { date: '2026-12-01', timeLimit: 1 });
    expect(p1.status).toBe(201);
    expect(p1.body).toMatchObject({ date: '2026-12-01', carriedOver: { parcels: 0 } });
    // A body without date still goes to the day planner's job queue.
    expect((await postJson(`${srv.url}/api/scenarios/daming/plans`, { day: 1, timeLimit: 0.2 })).status).toBe(202);

    const d = await postJson(`${srv.url}/api/plans/${p1.body.id}/dispatch`, {});
    expect(d.status).toBe(201);
    expect(d.body).toMatchObject({ planId: p1.body.id, date: '2026-12-01' });
    dispatchId = d.body.id;
    expect((await postJson(`${srv.url}/api/plans/${p1.body.id}/dispatch`, {})).status).toBe(409);
    dispatch = await (await fetch(`${srv.url}/api/dispatches/${dispatchId}`)).json();
    expect(dispatch.lines.length).toBeGreaterThan(0);
    expect(dispatch.lines[0].station).toBeTruthy();

    const xlsx = await fetch(`${srv.url}/api/dispatches/${dispatchId}/dispatch.xlsx?lang=en`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(2).getCell(1).value).toBe('Seq');
    const pdf = await fetch(`${srv.url}/api/dispatches/${dispatchId}/dispatch.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // Actuals: driver entries (idempotent by entry id) for the first vehicle, a file for the rest.
    const lines: any[] = dispatch.lines;
    const firstVehicle = lines[0].vehicle;
    const key = (l: any) => `${l.vehicle}|${l.stationId}|${l.carrierId}`;
    const per = new Map<
      string,
      { vehicle: string; stationId: string; carrierId: string; down: number; arrival: string }
    >();
    for (const l of lines) {
      const cur = per.get(key(l)) ?? {
        vehicle: l.vehicle,
        stationId: l.stationId,
        carrierId: l.carrierId,
        down: 0,
        arrival: l.arrival,
      };
      cur.down += l.parcelsDown;
      per.set(key(l), cur);
    }
    const failedKeys = new Set([...per.keys()].filter((_, i) => i % 4 === 1));
    const entries = [...per.values()]
      .filter((p) => p.vehicle === firstVehicle)
      .map((p, i) => ({
        entryId: `drv-${i}-${p.stationId}-${p.carrierId}`,
        vehicle: p.vehicle,
        stationId: p.stationId,
        carrierId: p.carrierId,
        delivered: failedKeys.has(key(p)) ? 0 : p.down,
        failed: failedKeys.has(key(p)) ? p.down : 0,
        failReason: failedKeys.has(key(p)) ? 'refused' : '',
        pickedUp: 0,
        arrival: p.arrival,
      }));
    const e1 = await postJson(`${srv.url}/api/dispatches/${dispatchId}/entries`, { entries });
    expect(e1).toMatchObject({ status: 201, body: { added: entries.length } });
    expect((await postJson(`${srv.url}/api/dispatches/${dispatchId}/entries`, { entries })).body.added).toBe(0);
    const rest = [...per.values()].filter((p) => p.vehicle !== firstVehicle);
    const csv = [
      'vehicle,station_id,carrier_id,delivered,failed,fail_reason,picked_up,arrival',
      ...rest.map((p) =>
        [
          p.vehicle,
          p.stationId,
          p.carrierId,
          failedKeys.has(key(p)) ? 0 : p.down,
          failedKeys.has(key(p)) ? p.down : 0,
          failedKeys.has(key(p)) ? '地址错误' : '',
          0,
          p.arrival,
        ].join(','),
      ),
    ].join('\n');
    const a = await upload(`${srv.url}/api/dispatches/${dispatchId}/actuals`, 'actuals.csv', csv);
    expect(a.status).toBe(201);
    expect(a.body.added).toBe(rest.length);
    // The same file again adds nothing (entry ids come from the row content).
    expect((await upload(`${srv.url}/api/dispatches/${dispatchId}/actuals`, 'actuals.csv', csv)).body.added).toBe(0);
    const failedTotal = [...per.entries()].filter(([k]) => failedKeys.has(k)).reduce((s, [, p]) => s + p.down, 0);

    const p2 = await postJson(`${srv.url}/api/scenarios/daming/plans`, { date: '2026-12-02', timeLimit: 1 });
    expect(p2.status).toBe(201);
    const failedBack = [...p2.body.carriedOver.lines, ...p2.body.deferred]
      .filter((l: any) => l.reason === 'failed')
      .reduce((s: number, l: any) => s + l.parcels, 0);
    expect(failedBack).toBe(failedTotal);

    // Ledger reconciles per station × carrier against the entries sent above.
    const ledger = await (await fetch(`${srv.url}/api/scenarios/daming/ledger?from=2026-12-01&to=2026-12-02`)).json();
    const expectRow = new Map<string, { dispatched: number; failed: number }>();
    for (const p of per.values()) {
      const k = `${p.stationId}|${p.carrierId}`;
      const cur = expectRow.get(k) ?? { dispatched: 0, failed: 0 };
      expectRow.set(k, {
        dispatched: cur.dispatched + p.down,
        failed: cur.failed + (failedKeys.has(key(p)) ? p.down : 0),
      });
    }
    expect(ledger.rows).toHaveLength(expectRow.size);
    for (const r of ledger.rows) {
      expect({ dispatched: r.dispatched, failed: r.failed }).toEqual(expectRow.get(`${r.stationId}|${r.carrierId}`));
      expect(r.delivered + r.failed).toBe(r.dispatched);
      expect(r.pending).toBe(0);
    }
    const report = await (await fetch(`${srv.url}/api/scenarios/daming/report?month=2026-12`)).json();
    expect(report.totals.failed).toBe(failedTotal);
    const rx = await fetch(`${srv.url}/api/scenarios/daming/report?month=2026-12&format=xlsx`);
    const rb = new ExcelJS.Workbook();
    await rb.xlsx.load(Buffer.from(await rx.arrayBuffer()) as unknown as ArrayBuffer);
    expect(rb.worksheets.length).toBe(5);
  }, 180_000);

  it('refuses bad manifests and actuals with file:row:field errors and changes nothing', async () => {
    expect(dispatchId).not.toBe('');
    const good = demand.filter((x) => x.day === 3 && x.carrier_id === 'ems').slice(0, 5);
    const g = good[0];
    const row = (over: Partial<DemandLine>) => ({ ...g, ...over });
    const manifestCases: Array<[string, string, string | Buffer, RegExp]> = [
      [
        'unknown station',
        'a.csv',
        manifestCsv([...good, row({ station_id: '130425100999' })]),
        /a\.csv:7:station_id: unknown station "130425100999"; nearest: /,
      ],
      [
        'unknown village name',
        'b.csv',
        'name,township,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n七里店吋,130425100,3,2,0,0,false,\n',
        /b\.csv:2:name: unknown village "七里店吋" .*nearest: .*七里店村/,
      ],
      [
        'unknown township',
        'c.csv',
        'name,township,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n七里店村,大名真,3,2,0,0,false,\n',
        /c\.csv:2:township: unknown township "大名真"; nearest: 大名镇/,
      ],
      [
        'duplicate row',
        'd.csv',
        manifestCsv([...good, good[1]]),
        /d\.csv:7:station_id: duplicate row: station .* already on row 3/,
      ],
      [
        'negative parcels',
        'e.csv',
        manifestCsv([row({ parcels_down: '-3' })]),
        /e\.csv:2:parcels_down: must not be negative/,
      ],
      ['non-numeric kg', 'f.csv', manifestCsv([row({ kg_down: 'abc' })]), /f\.csv:2:kg_down: "abc" is not a number/],
      [
        'fractional parcels',
        'g.csv',
        manifestCsv([row({ parcels_down: '2.5' })]),
        /g\.csv:2:parcels_down: parcels are whole numbers/,
      ],
      [
        'implausible parcels',
        'h.csv',
        manifestCsv([row({ parcels_down: '90000' })]),
        /h\.csv:2:parcels_down: 90000 parcels for one station is implausible/,
      ],
      [
        'implausible weight',
        'i.csv',
        manifestCsv([row({ parcels_down: '2', kg_down: '1100' })]),
        /i\.csv:2:kg_down: 1100 kg for 2 parcels/,
      ],
      ['bad cold flag', 'j.csv', manifestCsv([row({ cold: 'maybe' })]), /j\.csv:2:cold: "maybe" is not true\/false/],
      [
        'pick-ups without zone',
        'k.csv',
        manifestCsv([row({ parcels_up: '3', kg_up: '2', up_zone: '' })]),
        /k\.csv:2:up_zone: pick-up parcels need a destination zone/,
      ],
      [
        'missing column',
        'l.csv',
        'station_id,parcels_down,kg_down\n130425100001,1,1\n',
        /l\.csv:1:parcels_up: missing column "parcels_up"/,
      ],
      ['not a spreadsheet', 'm.xlsx', Buffer.from('not a zip'), /m\.xlsx: not a readable XLSX workbook/],
    ];
    const before = ops.snapshot('daming');
    for (const [what, name, content, message] of manifestCases) {
      const r = await upload(`${srv.url}/api/scenarios/daming/manifests?date=2026-12-03&carrier=ems`, name, content);
      expect(r.status, what).toBe(400);
      expect(r.body.error.message, what).toMatch(message);
    }
    const badDate = await upload(
      `${srv.url}/api/scenarios/daming/manifests?date=2026-02-30&carrier=ems`,
      'x.csv',
      manifestCsv(good),
    );
    expect(badDate.body.error.message).toMatch(/--date: "2026-02-30" is not a calendar date/);
    const badCarrier = await upload(
      `${srv.url}/api/scenarios/daming/manifests?date=2026-12-03&carrier=sf`,
      'x.csv',
      manifestCsv(good),
    );
    expect(badCarrier.body.error.message).toMatch(/--carrier: unknown carrier "sf"/);
    const dup = await upload(
      `${srv.url}/api/scenarios/daming/manifests?date=2026-12-01&carrier=ems`,
      'x.csv',
      manifestCsv(good),
    );
    expect(dup.status).toBe(409);
    // A Chinese UI (the default) gets the same errors in Chinese, file:row:field kept.
    const zh = await upload(
      `${srv.url}/api/scenarios/daming/manifests?date=2026-12-03&carrier=ems`,
      'a.csv',
      manifestCsv([...good, row({ station_id: '130425100999', parcels_down: '-1' })]),
      'zh-CN,zh;q=0.9',
    );
    expect(zh.body.error.message.split('\n')).toEqual([
      expect.stringMatching(/^a\.csv:7:station_id: 未知站点“130425100999”；最接近的是：/),
      'a.csv:7:parcels_down: 不能为负数（-1）',
    ]);
    expect(
      (
        await upload(
          `${srv.url}/api/scenarios/daming/manifests?date=2026-12-01&carrier=ems&lang=zh`,
          'x.csv',
          manifestCsv(good),
        )
      ).body.error.message,
    ).toMatch(/已派车/); // 12-01 is dispatched: a manifest for it is refused before the "already imported" rule (issue 20)

    const l = dispatch.lines.find((x: any) => x.parcelsDown > 1);
    const head = 'vehicle,station_id,carrier_id,delivered,failed,fail_reason,picked_up,arrival';
    const actualCases: Array<[string, string, RegExp]> = [
      [
        'unknown vehicle',
        `${head}\nVAN#99,${l.stationId},${l.carrierId},1,0,,0,10:00`,
        /act\.csv:2:vehicle: vehicle "VAN#99" is not in dispatch/,
      ],
      [
        'station off the route',
        `${head}\n${l.vehicle},130425999999,${l.carrierId},1,0,,0,10:00`,
        /act\.csv:2:station_id: station "130425999999" is not on the route/,
      ],
      [
        'carrier without parcels there',
        `${head}\n${l.vehicle},${l.stationId},sf,1,0,,0,10:00`,
        /act\.csv:2:carrier_id: carrier "sf" has no parcels/,
      ],
      [
        'counts do not add up',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},${l.parcelsDown + 5},0,,0,10:00`,
        /act\.csv:2:delivered: delivered \d+ \+ failed 0 must equal/,
      ],
      [
        'failure without reason',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},0,${l.parcelsDown},,0,10:00`,
        /act\.csv:2:fail_reason: a failed delivery needs a reason/,
      ],
      [
        'negative pick-ups',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},${l.parcelsDown},0,,-1,10:00`,
        /act\.csv:2:picked_up: must not be negative/,
      ],
      [
        'bad arrival',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},${l.parcelsDown},0,,0,25:61`,
        /act\.csv:2:arrival: "25:61" is not a clock time/,
      ],
      [
        'duplicate rows',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},${l.parcelsDown},0,,0,10:00\n${l.vehicle},${l.stationId},${l.carrierId},${l.parcelsDown},0,,0,10:05`,
        /act\.csv:3:station_id: duplicate entry/,
      ],
      [
        'non-numeric delivered',
        `${head}\n${l.vehicle},${l.stationId},${l.carrierId},lots,0,,0,10:00`,
        /act\.csv:2:delivered: "lots" is not a number/,
      ],
    ];
    for (const [what, csv, message] of actualCases) {
      const r = await upload(`${srv.url}/api/dispatches/${dispatchId}/actuals`, 'act.csv', csv);
      expect(r.status, what).toBe(400);
      expect(r.body.error.message, what).toMatch(message);
    }
    const noId = await postJson(`${srv.url}/api/dispatches/${dispatchId}/entries`, {
      entries: [
        { vehicle: l.vehicle, stationId: l.stationId, carrierId: l.carrierId, delivered: l.parcelsDown, failed: 0 },
      ],
    });
    expect(noId.body.error.message).toMatch(/entries:0:entryId: a client-generated id/);
    // One bad entry among good ones: none is stored.
    const mixed = await postJson(`${srv.url}/api/dispatches/${dispatchId}/entries`, {
      entries: [
        {
          entryId: 'mixed-good-1',
          vehicle: l.vehicle,
          stationId: l.stationId,
          carrierId: l.carrierId,
          delivered: l.parcelsDown,
          failed: 0,
          arrival: '09:00',
        },
        {
          entryId: 'mixed-bad-1',
          vehicle: l.vehicle,
          stationId: l.stationId,
          carrierId: l.carrierId,
          delivered: 0,
          failed: l.parcelsDown,
          arrival: '09:00',
        },
      ],
    });
    expect(mixed.body.error.message).toMatch(/entries:1:fail_reason/);
    expect(ops.snapshot('daming')).toBe(before);
    expect(manifestCases.length + actualCases.length + 5).toBeGreaterThanOrEqual(15);
  }, 60_000);
});
