/**
 * Unit behaviour of daily operations: N-day visit dates and their carry-over, manifests by name + township and
 * from XLSX, formula neutralisation in sheets, report periods and the weighted score, PDF ToUnicode text,
 * the weight surviving the county.json schema. Every expected figure is worked out here, not read back.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openStore } from '../../src/store/sqlite.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { buildDateBasis, isVisitDate } from '../../src/operations/date-plan.ts';
import { dispatchLines, freezeDispatch } from '../../src/operations/dispatch.ts';
import { recordDriverEntries } from '../../src/operations/actuals.ts';
import { importManifest, parseManifest } from '../../src/operations/manifests.ts';
import { dispatchCsv } from '../../src/operations/sheets.ts';
import { parsePeriod, scoreIndicators, slope } from '../../src/operations/report.ts';
import { renderPdf } from '../../src/operations/pdf.ts';
import { addDays, InputError } from '../../src/operations/table-file.ts';
import type { CoverageResult } from '../../src/planning/coverage.ts';
import type { Scenario } from '../../src/model/types.ts';
import type { PlanRoute, PlanStop } from '../../src/planning/types.ts';
import { emptyPlan } from '../../src/planning/common.ts';
import { toUnicodeChars } from './pdf-text.ts';

const TINY = path.resolve(import.meta.dirname, '../fixtures/tiny-county');
const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-ops-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tiny(limitV1: number | null = null): Scenario {
  const s = readScenarioFolder(TINY);
  return { ...s, places: s.places.map((p) => (p.id === 'V1' ? { ...p, serviceLimitDays: limitV1 } : p)) };
}

describe('N-day stations', () => {
  it('same-day stations are visited every date; an N-day station exactly once in every N+1 consecutive dates', () => {
    for (let k = 0; k < 20; k++) expect(isVisitDate('V1', 0, addDays('2026-12-01', k))).toBe(true);
    for (const n of [1, 2, 3, 7]) {
      for (let start = 0; start < 10; start++) {
        const visits = Array.from({ length: n + 1 }, (_, k) =>
          isVisitDate('130425100228', n, addDays('2026-12-01', start + k)),
        ).filter(Boolean).length;
        expect(visits, `N=${n}`).toBe(1);
      }
    }
  });

  it("a 2-day station's parcels wait (marked n_day) until its visit date, then come back as carried over", async () => {
    const scenario = tiny(2);
    const store = openStore(path.join(dir, 'nday'));
    store.saveScenario('tiny', scenario);
    const ops = OperationsStore.of(store);
    const firstWait = [0, 1, 2].map((k) => addDays('2026-12-01', k)).find((d) => !isVisitDate('V1', 2, d))!;
    const csv =
      'station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\nV1,7,10.5,0,0,false,\nV2,3,4,0,0,false,\n';
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: firstWait,
      carrierId: 'ems',
      fileName: 'm.csv',
      bytes: Buffer.from(csv),
      replace: false,
    });
    let date = firstWait;
    const basis = buildDateBasis(scenario, 'tiny', date, ops);
    expect(basis.deferred).toEqual([
      { stationId: 'V1', carrierId: 'ems', parcels: 7, kg: 10.5, cold: false, fromDate: firstWait, reason: 'n_day' },
    ]);
    expect(basis.rows.map((r) => r.stationId)).toEqual(['V2']);
    // Freeze each date with no routes (what a plan leaves unrouted carries over too) until V1's visit date.
    let current = basis;
    for (let guard = 0; guard < 3 && !isVisitDate('V1', 2, date); guard++) {
      const { lines, notDispatched, kgPerParcel } = dispatchLines([], current);
      expect(lines).toEqual([]);
      ops.saveDispatch({ scenarioId: 'tiny', planId: `p-${date}`, date, lines, notDispatched, kgPerParcel, files: [] });
      date = addDays(date, 1);
      current = buildDateBasis(scenario, 'tiny', date, ops);
    }
    expect(isVisitDate('V1', 2, date)).toBe(true);
    const v1 = current.carried.filter((l) => l.stationId === 'V1');
    expect(v1).toHaveLength(1);
    expect(v1[0]).toMatchObject({ parcels: 7, reason: 'n_day' });
    expect(current.rows.find((r) => r.stationId === 'V1')).toMatchObject({ parcelsDown: 7, kgDown: 10.5 });
    store.close();
  });
});

describe('manifests', () => {
  const scenario = tiny();

  it('finds stations by village name + township (id or name), and reads XLSX', async () => {
    const byName = await parseManifest(
      scenario,
      'n.csv',
      Buffer.from(
        'name,township,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n东关村,大名镇,5,6,0,0,否,\n万堤村,130425102,2,3,0,0,是,\n',
      ),
    );
    expect(byName).toEqual([
      { stationId: 'V1', parcelsDown: 5, kgDown: 6, parcelsUp: 0, kgUp: 0, cold: false, upZone: '' },
      { stationId: 'V4', parcelsDown: 2, kgDown: 3, parcelsUp: 0, kgUp: 0, cold: true, upZone: '' },
    ]);
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('ems');
    ws.addRow(['Station_ID', 'parcels_down', 'kg_down', 'parcels_up', 'kg_up', 'cold', 'up_zone']);
    ws.addRow(['V2', 4, 5.5, 0, 0, false, '']);
    ws.addRow(['V5', 1, 1, 0, 0, 'false', '']);
    const rows = await parseManifest(scenario, 'm.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
    expect(rows.map((r) => [r.stationId, r.parcelsDown, r.kgDown])).toEqual([
      ['V2', 4, 5.5],
      ['V5', 1, 1],
    ]);
  });

  it('a village without a station and every bad row of a file are reported together', async () => {
    const err = await parseManifest(
      scenario,
      'x.csv',
      Buffer.from('station_id,parcels_down,kg_down,parcels_up,kg_up\nV3,1,1,0,0\nV1,x,1,0,0\n'),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message.split('\n')).toEqual([
      'x.csv:2:station_id: village V3 北营村 (大名镇) has no station: its parcels cannot be delivered there',
      'x.csv:3:parcels_down: "x" is not a number (plain decimal digits only)',
    ]);
  });
});

describe('sheets and reports', () => {
  it('CSV cells that a spreadsheet would run as a formula are neutralised; the file has a BOM', () => {
    const s = tiny();
    const evil: Scenario = {
      ...s,
      places: s.places.map((p) => (p.id === 'V1' ? { ...p, name: '=HYPERLINK("http://x")' } : p)),
    };
    const csv = dispatchCsv(evil, {
      id: 'd',
      scenarioId: 't',
      planId: 'p',
      date: '2026-12-01',
      createdAt: '',
      files: [],
      notDispatched: [],
      lines: [
        {
          vehicle: 'v#1',
          trip: 1,
          depot: 'W1',
          seq: 1,
          stationId: 'V1',
          carrierId: 'ems',
          parcelsDown: 3,
          parcelsUp: 0,
          carriedOver: 0,
          cold: false,
          arrival: '09:00',
        },
      ],
    });
    expect(csv.startsWith('\ufeff车辆,趟次,序号,站点编号')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
  });

  it('periods: month ends, a year, a date; bad ones refused', () => {
    expect(parsePeriod({ month: '2026-02' })).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriod({ month: '2028-02' })).toMatchObject({ to: '2028-02-29' });
    expect(parsePeriod({ month: '2026-12' })).toMatchObject({ from: '2026-12-01', to: '2026-12-31' });
    expect(parsePeriod({ year: '2026' })).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod({ date: '2026-12-05' })).toMatchObject({ from: '2026-12-05', to: '2026-12-05' });
    expect(() => parsePeriod({ month: '2026-13' })).toThrow(/--month: "2026-13" is not a month/);
    expect(() => parsePeriod({ month: '2026-12', year: '2026' })).toThrow(/exactly one/);
    expect(
      slope([
        [0, 3],
        [1, 2.5],
        [2, 2],
      ]),
    ).toBe(-0.5);
  });

  it('weighted score: weight × achievement (capped at 1), normalised to 100; unweighted indicators only shown', () => {
    const s = tiny();
    const scenario: Scenario = {
      ...s,
      county: {
        ...s.county,
        targets: [
          { id: 'village_station_share', label: '', target: 0.5, op: '>=', weight: 60 },
          { id: 'upstream_parity', label: '', target: 1, op: '<=', weight: 40 },
          { id: 'carriers_shared', label: '', target: 2, op: '>=' },
        ],
      },
    };
    const ind = (id: string, value: number, target: number, op: '>=' | '<=') => ({
      id,
      label: id,
      labelZh: id,
      value,
      target,
      op,
      pass: op === '>=' ? value >= target : value <= target,
      detail: '',
    });
    const cov = {
      indicators: [
        ind('village_station_share', 0.4, 0.5, '>='),
        ind('upstream_parity', 1.25, 1, '<='),
        ind('carriers_shared', 6, 2, '>='),
      ],
    } as unknown as CoverageResult;
    const r = scoreIndicators(cov, scenario);
    // 60 × 0.4/0.5 = 48; 40 × 1/1.25 = 32 → 80 of 100.
    expect(r.indicators.map((i) => i.score)).toEqual([48, 32, null]);
    expect(r.weightedScore).toBe(80);
  });

  it('the weight of a target survives county.json validation', () => {
    const copy = path.join(dir, 'tiny-weights');
    cpSync(TINY, copy, { recursive: true });
    const county = JSON.parse(readFileSync(path.join(copy, 'county.json'), 'utf8'));
    county.targets = [{ id: 'village_station_share', label: 'x', target: 0.5, op: '>=', weight: 30 }];
    writeFileSync(path.join(copy, 'county.json'), JSON.stringify(county));
    expect(readScenarioFolder(copy).county.targets[0].weight).toBe(30);
  });

  it('PDFs carry ToUnicode maps for the CJK subsets they embed', async () => {
    const pdf = await renderPdf({
      content: [
        { text: '大名县 派车单 签字' },
        {
          table: {
            body: [
              ['站点', '快递公司'],
              ['东关村', '中通'],
            ],
          },
        },
      ],
    });
    const chars = toUnicodeChars(pdf);
    for (const c of '大名县派车单签字站点快递公司东关村中通') expect(chars).toContain(c);
  });
});

describe('dispatch lines', () => {
  const basis = {
    date: '2026-12-01',
    rows: [
      { stationId: 'V1', carrierId: 'ems', parcelsDown: 5, kgDown: 5, parcelsUp: 1, kgUp: 1, cold: false, upZone: 'z' },
      { stationId: 'V1', carrierId: 'zto', parcelsDown: 7, kgDown: 14, parcelsUp: 0, kgUp: 0, cold: false, upZone: '' },
      { stationId: 'V2', carrierId: 'zto', parcelsDown: 4, kgDown: 4, parcelsUp: 0, kgUp: 0, cold: true, upZone: '' },
      { stationId: 'V4', carrierId: 'ems', parcelsDown: 3, kgDown: 6, parcelsUp: 0, kgUp: 0, cold: false, upZone: '' },
    ],
    carried: [
      {
        stationId: 'V1',
        carrierId: 'zto',
        parcels: 2,
        kg: 4,
        cold: false,
        fromDate: '2026-11-30',
        reason: 'failed' as const,
      },
    ],
    deferred: [],
  };
  type Split = Record<string, { down: number; up: number }>;
  const stop = (stationId: string, byCarrier: Split, cold = false): PlanStop => {
    const parts = Object.values(byCarrier);
    return {
      stationId,
      arrival: '09:00',
      departure: '09:10',
      parcelsDown: parts.reduce((s, p) => s + p.down, 0),
      parcelsUp: parts.reduce((s, p) => s + p.up, 0),
      kgDown: 0,
      kgUp: 0,
      load: 0,
      loadKg: 0,
      byCarrier,
      cold,
    };
  };
  const route = (stops: PlanStop[]): PlanRoute => ({
    vehicle: 'WH-VAN#1',
    fleetId: 'WH-VAN',
    depot: 'W1',
    kind: 'delivery',
    departure: '08:00',
    returnTime: '12:00',
    km: 1,
    hours: 1,
    cost: 1,
    stops,
  });

  it('stop.byCarrier and stop.cold from the planner are used as given; carried parcels are marked; unrouted parcels carry over', () => {
    const { lines, notDispatched } = dispatchLines(
      [
        route([
          stop('V1', { zto: { down: 7, up: 0 }, ems: { down: 5, up: 1 } }),
          stop('V2', { zto: { down: 4, up: 0 } }, true),
        ]),
      ],
      basis,
    );
    expect(
      lines.map((l) => [l.seq, l.stationId, l.carrierId, l.parcelsDown, l.parcelsUp, l.carriedOver, l.cold]),
    ).toEqual([
      [1, 'V1', 'zto', 7, 0, 2, false],
      [1, 'V1', 'ems', 5, 1, 0, false],
      [2, 'V2', 'zto', 4, 0, 0, true],
    ]);
    // V4 (3 parcels, 6 kg) is on no route: it carries over with its own weight.
    expect(notDispatched).toEqual([
      {
        stationId: 'V4',
        carrierId: 'ems',
        parcels: 3,
        kg: 6,
        cold: false,
        fromDate: '2026-12-01',
        reason: 'unassigned',
      },
    ]);
  });

  it("a station split over two stops adds up per carrier; what its stops leave is carried over at the carrier's kg per parcel", () => {
    // V1's zto parcels: 4 on the first stop, 1 on the second; 2 of 7 stay behind (2 kg each).
    const { lines, notDispatched } = dispatchLines(
      [
        route([
          stop('V1', { zto: { down: 4, up: 0 }, ems: { down: 5, up: 1 } }),
          stop('V2', { zto: { down: 4, up: 0 } }, true),
          stop('V1', { zto: { down: 1, up: 0 } }),
        ]),
      ],
      basis,
    );
    const zto = lines.filter((l) => l.stationId === 'V1' && l.carrierId === 'zto');
    expect(zto.map((l) => [l.seq, l.parcelsDown, l.carriedOver])).toEqual([
      [1, 4, 2],
      [3, 1, 0],
    ]);
    expect(notDispatched.map((l) => [l.stationId, l.carrierId, l.parcels, l.kg])).toEqual([
      ['V1', 'zto', 7 - 4 - 1, (14 / 7) * 2],
      ['V4', 'ems', 3, 6],
    ]);
  });
});

describe('carry-over: failed pick-ups and dates never dispatched', () => {
  // Every station same-day, so every date visits every station (no N-day deferral in the figures).
  const sameDay = (): Scenario => {
    const s = tiny(0);
    return { ...s, county: { ...s.county, defaults: { ...s.county.defaults, serviceLimitDays: 0 } } };
  };
  const csvOf = (rows: string[]) =>
    Buffer.from(`station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n${rows.join('\n')}\n`);

  it('pick-ups not collected carry over with their kg and zone, marked failed_pickup', async () => {
    const scenario = sameDay();
    const store = openStore(path.join(dir, 'pickup'));
    store.saveScenario('tiny', scenario);
    const ops = OperationsStore.of(store);
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-01',
      carrierId: 'ems',
      fileName: 'm.csv',
      bytes: csvOf(['V2,3,4.5,5,12.5,false,north']),
      replace: false,
    });
    const basis = buildDateBasis(scenario, 'tiny', '2026-12-01', ops);
    const route: PlanRoute = {
      vehicle: 'WH-VAN#1',
      fleetId: 'WH-VAN',
      depot: 'W1',
      kind: 'delivery',
      departure: '08:00',
      returnTime: '12:00',
      km: 1,
      hours: 1,
      cost: 1,
      stops: [
        {
          stationId: 'V2',
          arrival: '09:00',
          departure: '09:10',
          parcelsDown: 3,
          parcelsUp: 5,
          kgDown: 4.5,
          kgUp: 12.5,
          load: 5,
          loadKg: 12.5,
          byCarrier: { ems: { down: 3, up: 5 } },
          cold: false,
        },
      ],
    };
    const d = ops.saveDispatch({
      scenarioId: 'tiny',
      planId: 'p1',
      date: '2026-12-01',
      ...dispatchLines([route], basis),
      files: [],
    });
    // All 3 delivered, 2 of the 5 pick-ups collected: 3 wait, at 12.5 / 5 = 2.5 kg each, for zone north.
    recordDriverEntries(ops, d.id, {
      entries: [
        {
          entryId: 'entry-0001',
          vehicle: 'WH-VAN#1',
          stationId: 'V2',
          carrierId: 'ems',
          delivered: 3,
          failed: 0,
          failReason: '',
          pickedUp: 2,
          arrival: '09:05',
        },
      ],
    });
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-02',
      carrierId: 'ems',
      fileName: 'n.csv',
      bytes: csvOf(['V1,1,1,0,0,false,']),
      replace: false,
    });
    const next = buildDateBasis(scenario, 'tiny', '2026-12-02', ops);
    expect(next.carried).toEqual([
      {
        stationId: 'V2',
        carrierId: 'ems',
        parcels: 0,
        kg: 0,
        cold: false,
        fromDate: '2026-12-01',
        reason: 'failed_pickup',
        parcelsUp: 3,
        kgUp: 3 * 2.5,
        upZone: 'north',
      },
    ]);
    expect(next.rows.find((r) => r.stationId === 'V2')).toMatchObject({
      parcelsDown: 0,
      parcelsUp: 3,
      kgUp: 7.5,
      upZone: 'north',
    });
    store.close();
  });

  it('a date imported but never dispatched passes its parcels on (not_dispatched); dispatching it afterwards is refused', async () => {
    const scenario = sameDay();
    const store = openStore(path.join(dir, 'skipped'));
    store.saveScenario('tiny', scenario);
    const ops = OperationsStore.of(store);
    const m1 = ['V1,7,10.5,0,0,false,', 'V5,2,2.5,6,30,false,east'];
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-01',
      carrierId: 'ems',
      fileName: 'a.csv',
      bytes: csvOf(m1),
      replace: false,
    });
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-02',
      carrierId: 'zto',
      fileName: 'b.csv',
      bytes: csvOf(['V1,4,6,0,0,false,']),
      replace: false,
    });
    // 12-01 is planned but never dispatched: 12-02 gets its parcels and pick-ups.
    const skipped = buildDateBasis(scenario, 'tiny', '2026-12-01', ops);
    const p1201 = store.savePlan('tiny', emptyPlan(1, false));
    ops.saveDatePlanBasis(p1201.id, 'tiny', skipped);
    const basis = buildDateBasis(scenario, 'tiny', '2026-12-02', ops);
    expect(basis.carried).toEqual([
      {
        stationId: 'V1',
        carrierId: 'ems',
        parcels: 7,
        kg: 10.5,
        cold: false,
        fromDate: '2026-12-01',
        reason: 'not_dispatched',
      },
      {
        stationId: 'V5',
        carrierId: 'ems',
        parcels: 2,
        kg: 2.5,
        cold: false,
        fromDate: '2026-12-01',
        reason: 'not_dispatched',
        parcelsUp: 6,
        kgUp: 30,
        upZone: 'east',
      },
    ]);
    const down = (rows: typeof basis.rows) => rows.reduce((s, r) => s + r.parcelsDown, 0);
    expect(down(basis.rows)).toBe(7 + 2 + 4);
    expect(basis.rows.reduce((s, r) => s + r.parcelsUp, 0)).toBe(6);
    // Once 12-02 is dispatched, 12-03 no longer sees 12-01 (it went with 12-02), and 12-01 cannot be dispatched.
    ops.saveDispatch({
      scenarioId: 'tiny',
      planId: 'plan-1202',
      date: '2026-12-02',
      ...dispatchLines([], basis),
      files: [],
    });
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-03',
      carrierId: 'ems',
      fileName: 'c.csv',
      bytes: csvOf(['V2,1,1,0,0,false,']),
      replace: false,
    });
    const third = buildDateBasis(scenario, 'tiny', '2026-12-03', ops);
    // Nothing was routed on 12-02, so all of it carries as unassigned from 12-02 — never twice from 12-01.
    expect(third.carried.filter((l) => l.fromDate === '2026-12-01')).toEqual([]);
    expect(third.carried.reduce((s, l) => s + l.parcels, 0)).toBe(7 + 2 + 4);
    expect(() => freezeDispatch(scenario, ops, p1201)).toThrow(
      /2026-12-02 is already dispatched: dates are dispatched in order/,
    );
    store.close();
  });
});
