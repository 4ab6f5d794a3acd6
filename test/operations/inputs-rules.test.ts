/** Issue 20 items 4 and 10: XLSX formulas without a saved value, and the one number parser of manifests. */
import ExcelJS from 'exceljs';
import { expect, test } from 'vitest';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { parseManifest } from '../../src/operations/manifests.ts';
import { TINY_DIR } from '../server/helpers.ts';

const scenario = readScenarioFolder(TINY_DIR);
const csv = (parcels: string) =>
  new TextEncoder().encode(`station_id,parcels_down,kg_down,parcels_up,kg_up\nV1,${parcels},0,0,0\n`);

test('manifest parcels 0x10, 1e3, 0b11 are refused, not read as 16, 1000, 3', async () => {
  for (const t of ['0x10', '1e3', '0b11', 'Infinity'])
    await expect(parseManifest(scenario, 'm.csv', csv(t)), t).rejects.toThrow(
      /m\.csv:2:parcels_down: .* is not a number/,
    );
  expect((await parseManifest(scenario, 'm.csv', csv('16')))[0].parcelsDown).toBe(16);
});

async function xlsx(value: ExcelJS.CellValue): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('清单');
  sheet.addRow(['station_id', 'parcels_down', 'kg_down', 'parcels_up', 'kg_up']);
  sheet.addRow(['V1', value, 0, 0, 0]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

test('an XLSX formula cell without a saved value is an error naming the cell, never 0 parcels', async () => {
  await expect(parseManifest(scenario, 'm.xlsx', await xlsx({ formula: '2*3' } as ExcelJS.CellValue))).rejects.toThrow(
    /m\.xlsx:2:parcels_down: cell 清单!B2 is a formula with no saved value/,
  );
  const rows = await parseManifest(scenario, 'm.xlsx', await xlsx({ formula: '2*3', result: 6 } as ExcelJS.CellValue));
  expect(rows[0].parcelsDown).toBe(6);
});
