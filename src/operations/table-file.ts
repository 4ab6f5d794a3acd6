/**
 * Reading an operator's table file (manifest, actuals): CSV (UTF-8, BOM or not) or XLSX (first sheet, via
 * exceljs). Records carry the row number operators see (header = row 1) so errors read `file:row:field`.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from './lazy.ts';
import { parseCsv, type CsvRecord } from '../io/csv.ts';
import type { FieldIssue } from '../model/types.ts';
import { formatDecimal } from '../model/ranges.ts';

/** Bad operator input: every issue found, none stored. */
export class InputError extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map(issueText).join('\n'));
  }
}

export function issueText(i: FieldIssue): string {
  return `${i.file}${i.row !== null ? `:${i.row}` : ''}${i.field !== null ? `:${i.field}` : ''}: ${i.message}`;
}

export interface TableFile {
  header: string[];
  records: CsvRecord[];
}

export async function readTableFile(name: string, bytes: Uint8Array): Promise<TableFile> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return readXlsx(name, bytes);
  if (!lower.endsWith('.csv') && !lower.endsWith('.txt')) {
    throw new InputError([{ file: name, row: null, field: null, message: 'expected a .csv or .xlsx file' }]);
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const table = parseCsv(text, name);
  if (table.issues.length > 0) throw new InputError(table.issues);
  return {
    header: table.header.map(normaliseHeader),
    records: table.records.map((r) => ({ line: r.line, cells: renameCells(r.cells) })),
  };
}

async function readXlsx(name: string, bytes: Uint8Array): Promise<TableFile> {
  const book = new (await loadExcel()).Workbook();
  try {
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new InputError([
      { file: name, row: null, field: null, message: `not a readable XLSX workbook (${(err as Error).message})` },
    ]);
  }
  const sheet = book.worksheets[0];
  if (!sheet || sheet.rowCount === 0)
    throw new InputError([{ file: name, row: 1, field: null, message: 'empty workbook: expected a header row' }]);
  const header: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = normaliseHeader(cellText(cell.value));
  });
  const records: CsvRecord[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    header.forEach((h, j) => {
      const cell = row.getCell(j + 1);
      const v = cell.value;
      // A formula without a saved result (files written by scripts) is no figure: never read it as 0.
      if (v !== null && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v)) {
        const result = (v as { result?: unknown }).result;
        if (result === undefined || result === null || (typeof result === 'object' && 'error' in result)) {
          throw new InputError([
            {
              file: name,
              row: r,
              field: h,
              message: `cell ${sheet.name}!${cell.address} is a formula without a saved value: open and save the file in a spreadsheet, or type the figure`,
            },
          ]);
        }
      }
      const text = cellText(v);
      if (text !== '') any = true;
      cells[h] = text;
    });
    if (any) records.push({ line: r, cells });
  }
  return { header, records };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return (typeof v === 'number' ? formatDecimal(v) : String(v)).trim();
}

/** Headers are matched case-insensitively; a BOM or spaces around them do not matter. */
function normaliseHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();
}

function renameCells(cells: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(cells).map(([k, v]) => [normaliseHeader(k), v.trim()]));
}

/** Edit distance, for "did you mean" hints on names and ids. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[n];
}

export function nearest<T>(items: T[], key: (t: T) => string, target: string): T | undefined {
  let best: T | undefined;
  let bestD = Infinity;
  for (const t of items) {
    const d = editDistance(key(t), target);
    if (d < bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date "YYYY-MM-DD", or null. */
export function checkDate(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text ? text : null;
}

export function requireDate(text: string, flag: string): string {
  const d = checkDate(text);
  if (!d)
    throw new InputError([
      { file: flag, row: null, field: null, message: `"${text}" is not a calendar date (YYYY-MM-DD)` },
    ]);
  return d;
}

/** Days since 1970-01-01 of a checked date. */
export function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date((epochDay(date) + days) * 86_400_000).toISOString().slice(0, 10);
}
