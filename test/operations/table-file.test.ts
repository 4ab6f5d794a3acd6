/**
 * The operator's table reader and the manifest's number and hint rules (issue 20 items 4, 7 and 10): a formula
 * with no saved value is an error naming the cell, never 0; numbers are plain decimals by the one cell parser
 * (no 0x10, 1e3, 0b11); the "nearest" hint is bounded so that a megabyte id or 20,000 unknown ids cannot hold
 * the thread; messages never echo a whole hostile cell. Nothing is stored when a manifest is refused.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openStore } from '../../src/store/sqlite.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { importManifest, MAX_HINTS_PER_FILE, parseManifest } from '../../src/operations/manifests.ts';
import {
  boundedEditDistance,
  editDistance,
  InputError,
  nearest,
  readTableFile,
} from '../../src/operations/table-file.ts';
import { PLAUSIBLE } from '../../src/model/validate.ts';

const TINY = path.resolve(import.meta.dirname, '../fixtures/tiny-county');
const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-table-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const scenario = readScenarioFolder(TINY);
const HEADER = 'station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone';

async function issuesOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).issues;
}

async function xlsx(rows: Array<Array<ExcelJS.CellValue>>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('m');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('XLSX formula cells', () => {
  it('a formula with no saved value is an error naming file, row, field and cell; nothing is stored', async () => {
    const store = openStore(path.join(dir, 'formula'));
    store.saveScenario('tiny', scenario);
    const ops = OperationsStore.of(store);
    const before = JSON.stringify(store.logicalDump());
    const bytes = await xlsx([HEADER.split(','), ['V1', { formula: '2+3' }, 4, 0, 0, 'false', '']]);
    const issues = await issuesOf(
      importManifest(ops, {
        scenarioId: 'tiny',
        scenario,
        date: '2026-12-09',
        carrierId: 'ems',
        fileName: 'f.xlsx',
        bytes,
        replace: false,
      }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ file: 'f.xlsx', row: 2, field: 'parcels_down' });
    expect(issues[0].message).toContain('B2');
    expect(issues[0].message).toContain('=2+3');
    expect(JSON.stringify(store.logicalDump())).toBe(before);
    store.close();
  });

  it('a formula with a saved value reads as that value', async () => {
    const bytes = await xlsx([HEADER.split(','), ['V1', { formula: '2+3', result: 5 }, 4, 0, 0, 'false', '']]);
    const rows = await parseManifest(scenario, 'f.xlsx', bytes);
    expect(rows).toEqual([
      { stationId: 'V1', parcelsDown: 5, kgDown: 4, parcelsUp: 0, kgUp: 0, cold: false, upZone: '' },
    ]);
  });

  it('a formula whose saved value is an Excel error (#REF!) is refused too', async () => {
    const bytes = await xlsx([
      HEADER.split(','),
      ['V1', { formula: 'A9/0', result: { error: '#DIV/0!' } } as ExcelJS.CellValue, 4, 0, 0, 'false', ''],
    ]);
    const issues = await issuesOf(readTableFile('e.xlsx', bytes));
    expect(issues[0]).toMatchObject({ row: 2, field: 'parcels_down' });
  });
});

describe('one number rule for manifest cells', () => {
  for (const text of ['0x10', '1e3', '0b11', 'Infinity', '1,000', ' 5 5']) {
    it(`"${text}" parcels is refused, not read as a number`, async () => {
      const issues = await issuesOf(
        parseManifest(
          scenario,
          'n.csv',
          Buffer.from(`${HEADER}\nV1,${text.includes(',') ? `"${text}"` : text},1,0,0,false,\n`),
        ),
      );
      expect(issues.some((i) => i.row === 2 && i.field === 'parcels_down')).toBe(true);
    });
  }

  it('the per-row limits are the scenario ones (PLAUSIBLE), not a manifest-only rule', async () => {
    const ok = PLAUSIBLE.maxParcelsPerRow;
    const rows = await parseManifest(scenario, 'n.csv', Buffer.from(`${HEADER}\nV1,${ok},${ok},0,0,false,\n`));
    expect(rows[0].parcelsDown).toBe(ok);
    const issues = await issuesOf(
      parseManifest(scenario, 'n.csv', Buffer.from(`${HEADER}\nV1,${ok + 1},${ok},0,0,false,\n`)),
    );
    expect(issues[0]).toMatchObject({ row: 2, field: 'parcels_down' });
    const heavy = await issuesOf(
      parseManifest(scenario, 'n.csv', Buffer.from(`${HEADER}\nV1,1,${PLAUSIBLE.maxKgPerParcel + 1},0,0,false,\n`)),
    );
    expect(heavy[0]).toMatchObject({ row: 2, field: 'kg_down' });
  });
});

describe('bounded hints', () => {
  it('the bounded distance agrees with the plain definition and answers bound + 1 past its bound', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(boundedEditDistance('kitten', 'sitting', 3)).toBe(3);
    expect(boundedEditDistance('kitten', 'sitting', 2)).toBe(3);
    expect(boundedEditDistance('V12', 'V1', 1)).toBe(1);
  });

  it('nearest finds the closest key, and none for a target far longer than any id', () => {
    const items = ['V1', 'V2', 'V10', 'H1'];
    expect(nearest(items, (s) => s, 'V11')).toBe('V1');
    expect(nearest(items, (s) => s, 'x'.repeat(1_000_000))).toBeUndefined();
  });

  it('a 1 MB station id is one short error with no hint and no echo of the cell', async () => {
    const id = 'Z'.repeat(1_000_000);
    const issues = await issuesOf(parseManifest(scenario, 'big.csv', Buffer.from(`${HEADER}\n${id},1,1,0,0,false,\n`)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ row: 2, field: 'station_id' });
    expect(issues[0].message.length).toBeLessThan(200);
  });

  it(`20,000 unknown ids: every row is reported, only the first ${MAX_HINTS_PER_FILE} carry a hint`, async () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `X${i},1,1,0,0,false,`);
    const issues = await issuesOf(parseManifest(scenario, 'many.csv', Buffer.from(`${HEADER}\n${lines.join('\n')}\n`)));
    expect(issues).toHaveLength(20_000);
    expect(issues.filter((i) => i.message.includes('nearest')).length).toBe(MAX_HINTS_PER_FILE);
    expect(issues[0].message).toMatch(/nearest: V\d/);
  });
});
