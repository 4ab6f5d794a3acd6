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
  const issues: FieldIssue[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Record<string, string> = {};
    let any = false;
    header.forEach((h, j) => {
      const cell = row.getCell(j + 1);
      let text = '';
      try {
        text = cellText(cell.value);
      } catch (err) {
        if (!(err instanceof UncachedFormula)) throw err;
        issues.push({
          file: name,
          row: r,
          field: h,
          message: `cell ${sheet.name}!${cell.address} is a formula with no saved value (${formulaOf(cell.value)}): open and save the file in Excel or WPS, or paste the values`,
        });
        any = true;
      }
      if (text !== '') any = true;
      cells[h] = text;
    });
    if (any) records.push({ line: r, cells });
  }
  if (issues.length > 0) throw new InputError(issues);
  return { header, records };
}

/**
 * A formula cell without a saved result (written by a script, never opened in Excel): its value is unknown,
 * and reading it as empty would store 0 parcels. Refused, naming the cell.
 */
class UncachedFormula extends Error {}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as { result?: unknown }).result;
      if (result === undefined || result === null) throw new UncachedFormula();
      if (typeof result === 'object' && 'error' in (result as object)) throw new UncachedFormula();
      return cellText(result as ExcelJS.CellValue);
    }
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    return '';
  }
  return (typeof v === 'number' ? formatDecimal(v) : String(v)).trim();
}

function formulaOf(v: ExcelJS.CellValue): string {
  const f =
    (v as { formula?: string; sharedFormula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula;
  return f ? `=${f.length > 40 ? `${f.slice(0, 40)}…` : f}` : 'formula';
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
  return boundedEditDistance(a, b, Infinity);
}

/**
 * Edit distance when it is at most `bound`, else `bound + 1`: stops as soon as a whole row exceeds the bound,
 * so a hint over thousands of stations stays linear in the input (issue 20 item 7).
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > bound) return bound + 1;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > bound) return bound + 1;
    prev = cur;
  }
  return Math.min(prev[n], bound + 1);
}

/** Longest text a "did you mean" hint is computed for: ids and names are short; longer input gets no hint. */
export const HINT_MAX_LENGTH = 64;

/**
 * The item whose key is nearest the target, among those within a plausible typo distance (a third of the
 * length, at least 2), or undefined. Bounded: no hint for texts longer than HINT_MAX_LENGTH, length-difference
 * prefilter, early-exit distance with the best so far as bound.
 */
export function nearest<T>(items: T[], key: (t: T) => string, target: string): T | undefined {
  if (target.length > HINT_MAX_LENGTH) return undefined;
  let best: T | undefined;
  let bound = Math.max(2, Math.ceil(target.length / 3));
  for (const t of items) {
    const k = key(t);
    if (Math.abs(k.length - target.length) > bound) continue;
    const d = boundedEditDistance(k, target, bound);
    if (d <= bound) {
      best = t;
      bound = d - 1;
      if (bound < 0) break;
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

/**
 * The window of plausible operational dates (manifests, plans of a date, dispatches): from 2000-01-01 to 366
 * days after today (UTC). A date outside it is a typo (9999-12-31, 2062 for 2026) and would hold parcels no plan
 * ever reaches.
 */
export const OPERATIONAL_DATE_FLOOR = '2000-01-01';
export const OPERATIONAL_DAYS_AHEAD = 366;

/** A calendar date inside the operational window, or an InputError naming the flag and the window. */
export function requireOperationalDate(text: string, flag: string, today = new Date()): string {
  const d = requireDate(text, flag);
  const latest = addDays(today.toISOString().slice(0, 10), OPERATIONAL_DAYS_AHEAD);
  if (d < OPERATIONAL_DATE_FLOOR || d > latest)
    throw new InputError([
      {
        file: flag,
        row: null,
        field: null,
        message: `${d} is outside the operational dates ${OPERATIONAL_DATE_FLOOR} … ${latest} (at most ${OPERATIONAL_DAYS_AHEAD} days ahead of today)`,
      },
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
