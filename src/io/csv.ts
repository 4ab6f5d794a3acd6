/**
 * CSV reading and writing for scenario folders. UTF-8 with or without BOM, RFC 4180 quoting. A broken file
 * (unclosed quote, stray quote, wrong column count) is reported with the line it is on, never half read.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { FieldIssue } from '../model/types.ts';

export interface CsvRecord {
  /** Line of the file the record starts on (header = line 1). */
  line: number;
  /** Cell text by column name. */
  cells: Record<string, string>;
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
  issues: FieldIssue[];
}

/** Parse CSV text. Structural problems come back as issues (file:line); records of broken lines are left out. */
export function parseCsv(text: string, file: string): CsvTable {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const issues: FieldIssue[] = [];

  const unclosedAt = findUnclosedQuote(body);
  if (unclosedAt !== null) {
    issues.push({ file, row: unclosedAt, field: null, message: 'quote opened here is never closed' });
    return { header: [], records: [], issues };
  }

  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(body, { relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as typeof parsed;
  } catch (err) {
    const e = err as Error & { lines?: number; code?: string };
    const message = e.message.replace(/^[^:]*:\s*/, '');
    issues.push({
      file,
      row: typeof e.lines === 'number' ? e.lines : null,
      field: null,
      message: `malformed CSV: ${message}`,
    });
    return { header: [], records: [], issues };
  }
  if (parsed.length === 0) {
    issues.push({ file, row: 1, field: null, message: 'empty file: expected a header line' });
    return { header: [], records: [], issues };
  }

  const startLine = (entry: { record: string[]; info: { lines: number } }) =>
    entry.info.lines - entry.record.reduce((n, cell) => n + countNewlines(cell), 0);

  const header = parsed[0].record.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') issues.push({ file, row: startLine(parsed[0]), field: null, message: 'empty column name in header' });
    else if (seen.has(h))
      issues.push({ file, row: startLine(parsed[0]), field: h, message: `duplicate column "${h}"` });
    seen.add(h);
  }

  const records: CsvRecord[] = [];
  for (let i = 1; i < parsed.length; i++) {
    const entry = parsed[i];
    const line = startLine(entry);
    if (entry.record.length !== header.length) {
      issues.push({
        file,
        row: line,
        field: null,
        message: `expected ${header.length} fields (as in the header), found ${entry.record.length}`,
      });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, j) => {
      cells[h] = unsafeCell(entry.record[j]);
    });
    records.push({ line, cells });
  }
  return { header, records, issues };
}

/** Write CSV: header line plus rows, `\n` line ends, quoting only where needed; every cell through safeCell. */
export function stringifyCsv(columns: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>): string {
  return stringify([columns as string[], ...(rows as string[][])], {
    record_delimiter: 'unix',
    cast: { string: safeCell },
  });
}

/** Characters that make a spreadsheet (Excel, WPS, LibreOffice) read a cell as a formula or command. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number such as -71.25 or +1e-7 is data, not a formula, and is left as it is (lossless numbers). */
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * CSV/formula injection guard (OWASP): a text cell starting with = + - @ tab or CR gets a leading apostrophe,
 * so `=HYPERLINK(...)` or `@SUM(...)` in a station name shows as text instead of running in the spreadsheet
 * of whoever opens the export. Plain numbers are kept. Every CSV writer uses it (stringifyCsv, route sheets);
 * XLSX writers (exceljs) must pass every string cell through it too: `cell.value = safeCell(text)`.
 * parseCsv removes the apostrophe again, so an exported scenario imports unchanged.
 */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** Inverse of safeCell on reading: `'=x` → `=x` (only before a formula character). */
export function unsafeCell(value: string): string {
  return value.length > 1 && value.charCodeAt(0) === 39 && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Line where a quoted field opens and is never properly closed, or null. Only a quote at the start of a
 * field opens one (RFC 4180). Two cases: the file ends inside the quotes, or the quoted field runs over line
 * ends into the next quoted cell (whose quote then "closes" it and is followed by text). csv-parse would name
 * the last line, or that later line, which is no help to the user.
 */
function findUnclosedQuote(text: string): number | null {
  let line = 1;
  let inQuotes = false;
  let openedAt = 0;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else {
          inQuotes = false;
          const next = text[i + 1];
          const endsField = next === undefined || next === ',' || next === '\n' || next === '\r';
          if (!endsField && line > openedAt) return openedAt;
        }
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '"' && fieldStart) {
      inQuotes = true;
      openedAt = line;
      fieldStart = false;
    } else if (c === ',') fieldStart = true;
    else if (c === '\n') {
      line++;
      fieldStart = true;
    } else if (c !== '\r') fieldStart = false;
  }
  return inQuotes ? openedAt : null;
}
