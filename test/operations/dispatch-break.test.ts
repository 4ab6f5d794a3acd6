/**
 * The lunch break on the dispatch documents: dispatch.csv, dispatch.xlsx and dispatch.pdf show a break row (time
 * span, minutes) on the trip the plan route carries it, before its first stop or after its last; zh-CN labels by
 * default, English with lang 'en'. Expectations are written from the route alone.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { dispatchLines } from '../../src/operations/dispatch.ts';
import { dispatchCsv, dispatchPdf, dispatchXlsx } from '../../src/operations/sheets.ts';
import { dispatchForCarrier } from '../../src/operations/scope.ts';
import type { Dispatch } from '../../src/operations/types.ts';
import type { PlanRoute } from '../../src/planning/types.ts';
import { toUnicodeChars } from './pdf-text.ts';

const scenario = readScenarioFolder(path.resolve(import.meta.dirname, '../fixtures/tiny-county'));

function route(trip: number, departure: string, returnTime: string, brk?: PlanRoute['break']): PlanRoute {
  return {
    vehicle: 'WH-VAN#1',
    fleetId: 'WH-VAN',
    depot: 'W1',
    kind: 'delivery',
    ...(trip > 1 ? { trip } : {}),
    ...(brk ? { break: brk } : {}),
    departure,
    returnTime,
    km: 1,
    hours: 1,
    cost: 1,
    stops: [
      {
        stationId: 'V1',
        arrival: trip === 1 ? '09:00' : '13:10',
        departure: trip === 1 ? '09:10' : '13:20',
        parcelsDown: 3,
        parcelsUp: 0,
        kgDown: 4.5,
        kgUp: 0,
        load: 0,
        loadKg: 0,
        byCarrier: { ems: { down: 3, up: 0 } },
        cold: false,
      },
    ],
  };
}

function dispatchOf(routes: PlanRoute[]): Dispatch {
  const basis = { date: '2026-12-01', rows: [], carried: [], deferred: [] };
  return {
    id: 'd1',
    scenarioId: 'tiny',
    planId: 'p1',
    date: basis.date,
    createdAt: '',
    ...dispatchLines(routes, basis),
    files: [],
  };
}

describe('lunch break on the dispatch sheets', () => {
  // Trip 1 08:00–11:00, break 11:30–12:15 after it, trip 2 12:45–14:00.
  const routes = [route(1, '08:00', '11:00', { start: '11:30', end: '12:15' }), route(2, '12:45', '14:00')];

  it('the dispatch carries the break: its trip, span, 45 minutes, after the trip', () => {
    expect(dispatchOf(routes).breaks).toEqual([
      { vehicle: 'WH-VAN#1', trip: 1, start: '11:30', end: '12:15', minutes: 45, beforeTrip: false },
    ]);
    expect(dispatchOf([route(1, '12:30', '14:00', { start: '11:30', end: '12:00' })]).breaks?.[0].beforeTrip).toBe(
      true,
    );
    expect(dispatchOf([route(1, '08:00', '11:00')]).breaks).toBeUndefined();
  });

  it('dispatch.csv: the break row follows trip 1’s stop, zh and en', () => {
    const d = dispatchOf(routes);
    const zh = parse(dispatchCsv(scenario, d).replace(/^\ufeff/, '')) as string[][];
    const trip1 = zh.slice(1).filter((r) => r[1] === '1');
    expect(trip1).toHaveLength(2);
    expect(trip1[0][3]).toBe('V1');
    expect(trip1[1][4]).toBe('午休 45 分钟');
    expect(trip1[1][6]).toBe('11:30-12:15');
    expect(
      zh
        .slice(1)
        .filter((r) => r[1] === '2')
        .map((r) => r[4]),
    ).not.toContain('午休 45 分钟');
    const en = parse(dispatchCsv(scenario, d, 'en').replace(/^\ufeff/, '')) as string[][];
    expect(en.some((r) => r[4] === 'Lunch break 45 min' && r[6] === '11:30-12:15')).toBe(true);
    // A break before the trip comes first.
    const before = dispatchOf([route(1, '12:30', '14:00', { start: '11:30', end: '12:00' })]);
    const rows = parse(dispatchCsv(scenario, before).replace(/^\ufeff/, '')) as string[][];
    expect(rows[1][4]).toBe('午休 30 分钟');
    expect(rows[2][3]).toBe('V1');
  });

  it('dispatch.xlsx and dispatch.pdf show the break row', async () => {
    const d = dispatchOf(routes);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await dispatchXlsx(scenario, d)) as unknown as ArrayBuffer);
    const sheet = book.worksheets.find((w) => w.name === 'WH-VAN#1-1')!;
    const cells: string[] = [];
    sheet.eachRow((row) => cells.push((row.values as unknown[]).map(String).join('|')));
    expect(cells.some((c) => c.includes('午休 45 分钟') && c.includes('11:30-12:15'))).toBe(true);
    const sheet2 = book.worksheets.find((w) => w.name === 'WH-VAN#1-2')!;
    const cells2: string[] = [];
    sheet2.eachRow((row) => cells2.push((row.values as unknown[]).map(String).join('|')));
    expect(cells2.some((c) => c.includes('午休'))).toBe(false);
    const chars = toUnicodeChars(await dispatchPdf(scenario, d));
    for (const c of '午休分钟') expect(chars).toContain(c);
  });

  it('a carrier sees the breaks of the vehicles carrying its parcels only', () => {
    const d = dispatchOf(routes);
    expect(dispatchForCarrier(d, 'ems').breaks).toHaveLength(1);
    expect(dispatchForCarrier(d, 'zto').breaks).toEqual([]);
  });

  it('a break on the way sits after its stop on every sheet', () => {
    const r = route(1, '08:00', '14:00', { start: '11:30', end: '12:30', stationId: 'V1', afterStop: 1 });
    r.stops.push({ ...r.stops[0], stationId: 'V2', arrival: '12:50', departure: '13:00' });
    const d = dispatchOf([r]);
    expect(d.breaks).toEqual([
      { vehicle: 'WH-VAN#1', trip: 1, start: '11:30', end: '12:30', minutes: 60, beforeTrip: false, afterSeq: 1 },
    ]);
    const rows = parse(dispatchCsv(scenario, d).replace(/^\ufeff/, '')) as string[][];
    expect(rows.slice(1).map((x) => x[3] || x[4])).toEqual(['V1', '午休 60 分钟', 'V2']);
  });
});
