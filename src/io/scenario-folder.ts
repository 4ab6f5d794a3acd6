/**
 * Scenario folder format (DESIGN.md §3): county.json, townships.csv, places.csv, carriers.csv, demand.csv,
 * fleet.csv, tariffs.csv and at most one of roads.geojson / roads.osm.pbf / roads.osm.
 *
 * parseScenarioFiles works on file contents in memory (the API upload uses it); read/writeScenarioFolder are
 * the disk edge. Reading validates everything and throws one ScenarioError listing every problem as
 * `file:row:field: message`; nothing is returned half read.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { parseCsv, stringifyCsv } from './csv.ts';
import { formatDecimal } from '../model/ranges.ts';
import {
  CSV_COLUMNS,
  CSV_ROW_SCHEMAS,
  OPTIONAL_COLUMN_DEFAULTS,
  OPTIONAL_COLUMNS,
  countySettingsSchema,
  fieldOfColumn,
  pathToField,
  roadCollectionSchema,
  type CsvFileName,
} from '../model/schemas.ts';
import type { FieldIssue, RoadSource, Scenario } from '../model/types.ts';
import { ScenarioError, validateScenario, type RowLines } from '../model/validate.ts';
import { readRoadWays } from '../network/osm.ts';
import { scenarioToWgs84, type Crs } from './crs.ts';

export interface ReadOptions {
  /** CRS of the coordinates (overrides county.json `crs`; default WGS-84). */
  crs?: Crs;
}

export const COUNTY_FILE = 'county.json';
export const ROAD_FILES = ['roads.geojson', 'roads.osm.pbf', 'roads.osm'] as const;
/** Files a folder must have; the other CSV files default to empty tables. */
export const REQUIRED_FILES = [COUNTY_FILE, 'townships.csv', 'places.csv'] as const;
const CSV_FILES = Object.keys(CSV_COLUMNS) as CsvFileName[];
/**
 * Rows of one CSV file. A county of 3,000 stations, 6 carriers and 28 days has about 500,000 demand rows;
 * a file beyond that is a mistake or an attack, and reading it would cost gigabytes of objects.
 */
export const MAX_CSV_ROWS = 600_000;
/** Bytes of one file of a folder (the API bounds its uploads tighter, see server/upload.ts). */
export const MAX_FILE_BYTES = 128 * 1024 * 1024;

/** Contents of the files of a scenario folder, by file name. */
export type ScenarioFiles = Record<string, Uint8Array | string>;

/** True when `dir` is a folder with a county.json (how the CLI tells a folder from a stored id). */
export function isScenarioFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && existsSync(join(dir, COUNTY_FILE));
  } catch {
    return false;
  }
}

export function readScenarioFolder(dir: string, options: ReadOptions = {}): Scenario {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: not a folder`);
  const wanted = new Set<string>([COUNTY_FILE, ...CSV_FILES, ...ROAD_FILES]);
  const files: ScenarioFiles = {};
  for (const name of readdirSync(dir)) {
    if (!wanted.has(name)) continue;
    const size = statSync(join(dir, name)).size;
    if (size > MAX_FILE_BYTES)
      throw new ScenarioError(
        [
          {
            file: name,
            row: null,
            field: null,
            message: `file of ${size} bytes is larger than the limit of ${MAX_FILE_BYTES}`,
          },
        ],
        `${dir}: invalid scenario`,
      );
    files[name] = new Uint8Array(readFileSync(join(dir, name)));
  }
  try {
    return parseScenarioFiles(files, options);
  } catch (err) {
    if (err instanceof ScenarioError) throw new ScenarioError(err.issues, `${dir}: invalid scenario`);
    throw err;
  }
}

/** Parse and validate a scenario from file contents. Throws ScenarioError with every issue found. */
export function parseScenarioFiles(files: ScenarioFiles, options: ReadOptions = {}): Scenario {
  const issues: FieldIssue[] = [];
  for (const name of REQUIRED_FILES) {
    if (files[name] === undefined) issues.push({ file: name, row: null, field: null, message: 'missing file' });
  }

  const county = files[COUNTY_FILE] !== undefined ? parseCountyJson(files[COUNTY_FILE], issues) : null;

  const lines: RowLines = {};
  const tables: Partial<Record<CsvFileName, unknown[]>> = {};
  for (const name of CSV_FILES) {
    const content = files[name];
    if (content === undefined) {
      tables[name] = [];
      continue;
    }
    const text = decodeUtf8(content, name, issues);
    if (text === null) continue;
    const lineCount = countLines(text);
    if (lineCount > MAX_CSV_ROWS + 1) {
      issues.push({
        file: name,
        row: MAX_CSV_ROWS + 2,
        field: null,
        message: `more than ${MAX_CSV_ROWS} rows (${lineCount - 1}): split the scenario or reduce the file`,
      });
      continue;
    }
    const parsed = parseCsvFile(name, text, issues);
    tables[name] = parsed.rows;
    lines[name] = parsed.lines;
  }

  const roads = parseRoads(files, issues);

  if (issues.length > 0 || county === null || roads === null) throw new ScenarioError(issues);
  const { crs: declaredCrs, ...countySettings } = county;
  const scenario: Scenario = {
    county: countySettings,
    townships: tables['townships.csv'] as Scenario['townships'],
    places: tables['places.csv'] as Scenario['places'],
    carriers: tables['carriers.csv'] as Scenario['carriers'],
    demand: tables['demand.csv'] as Scenario['demand'],
    fleet: tables['fleet.csv'] as Scenario['fleet'],
    tariffs: tables['tariffs.csv'] as Scenario['tariffs'],
    roads,
  };
  // bus_lines.csv is optional: a scenario without one has no busLines field (stored documents stay as they were).
  const busLines = tables['bus_lines.csv'] as NonNullable<Scenario['busLines']>;
  if (busLines.length > 0) scenario.busLines = busLines;
  // Cross-file rules only on cleanly parsed files: otherwise a row that failed to parse would show up again
  // as a dangling reference elsewhere.
  const crossIssues = validateScenario(scenario, lines);
  if (crossIssues.length > 0) throw new ScenarioError(crossIssues);
  return scenarioToWgs84(scenario, options.crs ?? declaredCrs ?? 'wgs84');
}

/** A CSV file of domain rows: each column's cell from the row's field of the same name (fieldOfColumn). */
function csvFile(file: CsvFileName, rows: readonly object[]): string {
  const columns = CSV_COLUMNS[file];
  const fields = columns.map(fieldOfColumn);
  return stringifyCsv(
    columns,
    rows.map((row) => fields.map((f) => csvCell((row as Record<string, unknown>)[f]))),
  );
}

/**
 * The cell of a domain value, as the row schemas read it back: a number as the shortest text that parses
 * back to the same double, null or absent as an empty cell, true/false, a list joined by ";", a time window
 * (fleet.csv break_window) as start-end.
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(csvCell).join(';');
  if (typeof value === 'object') {
    const window = value as { start: string; end: string };
    return `${window.start}-${window.end}`;
  }
  return typeof value === 'number' ? formatDecimal(value) : String(value);
}

/** File contents of a scenario in folder format (inverse of parseScenarioFiles). */
export function serializeScenarioFiles(scenario: Scenario): ScenarioFiles {
  const files: ScenarioFiles = {};
  files[COUNTY_FILE] = `${JSON.stringify(scenario.county, null, 2)}\n`;
  files['townships.csv'] = csvFile('townships.csv', scenario.townships);
  files['places.csv'] = csvFile('places.csv', scenario.places);
  files['carriers.csv'] = csvFile('carriers.csv', scenario.carriers);
  files['demand.csv'] = csvFile('demand.csv', scenario.demand);
  files['fleet.csv'] = csvFile('fleet.csv', scenario.fleet);
  files['tariffs.csv'] = csvFile('tariffs.csv', scenario.tariffs);
  if (scenario.busLines && scenario.busLines.length > 0)
    files['bus_lines.csv'] = csvFile('bus_lines.csv', scenario.busLines);
  const roads = scenario.roads;
  if (roads.format === 'geojson') {
    // One feature per line: readable diffs, and no pretty-printed coordinate arrays ten times the size.
    const features = roads.data.features.map((f) => JSON.stringify(f)).join(',\n');
    files['roads.geojson'] = `{"type":"FeatureCollection","features":[\n${features}\n]}\n`;
  } else if (roads.format === 'osm' || roads.format === 'osm.pbf') {
    files[`roads.${roads.format}`] = roads.bytes;
  }
  return files;
}

/** Write a scenario as a folder (created if needed). Road files of another format left in it are removed. */
export function writeScenarioFolder(scenario: Scenario, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const files = serializeScenarioFiles(scenario);
  for (const name of ROAD_FILES) {
    if (files[name] === undefined && existsSync(join(dir, name))) rmSync(join(dir, name));
  }
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
}

// ------------------------------------------------------------------------------------------------ parts

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function decodeUtf8(content: Uint8Array | string, file: string, issues: FieldIssue[]): string | null {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    issues.push({
      file,
      row: null,
      field: null,
      message: 'not valid UTF-8 (a GBK file from a spreadsheet? save it as UTF-8 CSV)',
    });
    return null;
  }
}

function parseCountyJson(
  content: Uint8Array | string,
  issues: FieldIssue[],
): (Scenario['county'] & { crs?: Crs }) | null {
  return parseJsonFile(content, COUNTY_FILE, countySettingsSchema, issues);
}

/**
 * A JSON file read against its schema: UTF-8 (a leading BOM is dropped), valid JSON, then the schema; each
 * failure is an issue naming the file (at most `maxIssues` schema issues) and gives null.
 */
function parseJsonFile<T>(
  content: Uint8Array | string,
  file: string,
  schema: z.ZodType<T>,
  issues: FieldIssue[],
  maxIssues = Infinity,
): T | null {
  const text = decodeUtf8(content, file, issues);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    issues.push({ file, row: null, field: null, message: `invalid JSON: ${(err as Error).message}` });
    return null;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    for (const iss of result.error.issues.slice(0, maxIssues))
      issues.push({ file, row: null, field: pathToField(iss.path), message: iss.message });
    return null;
  }
  return result.data;
}

function parseCsvFile(file: CsvFileName, text: string, issues: FieldIssue[]): { rows: unknown[]; lines: number[] } {
  const table = parseCsv(text, file);
  issues.push(...table.issues);
  if (table.header.length === 0) return { rows: [], lines: [] };
  const expected: readonly string[] = CSV_COLUMNS[file];
  const optional = OPTIONAL_COLUMNS[file] ?? [];
  const present = new Set(table.header);
  let headerOk = true;
  for (const col of expected) {
    if (!present.has(col) && !optional.includes(col)) {
      issues.push({ file, row: 1, field: col, message: 'missing column' });
      headerOk = false;
    }
  }
  for (const col of table.header) {
    if (col !== '' && !expected.includes(col)) {
      issues.push({ file, row: 1, field: col, message: `unknown column (expected: ${expected.join(',')})` });
      headerOk = false;
    }
  }
  if (!headerOk) return { rows: [], lines: [] };

  const schema = CSV_ROW_SCHEMAS[file] as z.ZodType<unknown, Record<string, string>>;
  const rows: unknown[] = [];
  const lines: number[] = [];
  for (const record of table.records) {
    const cells = { ...record.cells };
    for (const col of optional) if (!present.has(col)) cells[col] = OPTIONAL_COLUMN_DEFAULTS[col] ?? '';
    const result = schema.safeParse(cells);
    if (!result.success) {
      for (const iss of result.error.issues)
        issues.push({ file, row: record.line, field: pathToField(iss.path), message: iss.message });
      continue;
    }
    rows.push(result.data);
    lines.push(record.line);
  }
  return { rows, lines };
}

function parseRoads(files: ScenarioFiles, issues: FieldIssue[]): RoadSource | null {
  const present = ROAD_FILES.filter((name) => files[name] !== undefined);
  if (present.length > 1) {
    issues.push({ file: present.join(', '), row: null, field: null, message: 'more than one roads file: keep one' });
    return null;
  }
  if (present.length === 0) return { format: 'none' };
  const name = present[0];
  const content = files[name];
  if (name === 'roads.geojson') {
    const data = parseJsonFile(content, name, roadCollectionSchema, issues, MAX_ROAD_ISSUES);
    if (data === null) return null;
    const before = issues.length;
    data.features.forEach((f, i) =>
      f.geometry.coordinates.forEach(([lon, lat], j) => {
        if (issues.length - before >= MAX_ROAD_ISSUES) return;
        const problem = lonLatProblem(lon, lat);
        if (problem)
          issues.push({ file: name, row: null, field: `features[${i}].geometry.coordinates[${j}]`, message: problem });
      }),
    );
    if (issues.length > before) return null;
    return { format: 'geojson', data };
  }
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : new Uint8Array(content);
  const source: RoadSource = { format: name === 'roads.osm.pbf' ? 'osm.pbf' : 'osm', bytes };
  return checkOsmRoads(source, name, issues) ? source : null;
}

/** A road file the whole scenario depends on; more issues than this are one broken file, not news. */
const MAX_ROAD_ISSUES = 20;

function lonLatProblem(lon: number, lat: number): string | null {
  if (!(lon >= -180 && lon <= 180)) return `longitude ${lon} is outside -180..180`;
  if (!(lat >= -90 && lat <= 90)) return `latitude ${lat} is outside -90..90`;
  return null;
}

/**
 * OSM bytes are decoded now, before anything is stored: a garbage roads.osm.pbf used to be stored and fail
 * every later job. The reader's message names the structural problem, never the file's bytes.
 */
function checkOsmRoads(source: RoadSource, name: string, issues: FieldIssue[]): boolean {
  let ways: ReturnType<typeof readRoadWays>;
  try {
    ways = readRoadWays(source);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err))
      .replace(/^roads\.osm(\.pbf)?:\s*/, '')
      .slice(0, 200);
    issues.push({
      file: name,
      row: null,
      field: null,
      message: `not a readable ${source.format === 'osm.pbf' ? 'OSM PBF' : 'OSM XML'} file: ${message}`,
    });
    return false;
  }
  if (!ways || ways.ways.length === 0) {
    issues.push({ file: name, row: null, field: null, message: 'no drivable roads (highway ways) in the file' });
    return false;
  }
  for (let i = 0; i < ways.lon.length; i++) {
    const problem = lonLatProblem(ways.lon[i], ways.lat[i]);
    if (problem) {
      issues.push({ file: name, row: null, field: null, message: `a road node has ${problem}` });
      return false;
    }
  }
  return true;
}
