/**
 * Timing of the data layer (not part of `npm run bench`): read + validate a scenario folder, write it, save it
 * in SQLite, load it back, for the Daming county and generated counties. Usage: npx tsx scripts/bench-store.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '../src/generate/county.ts';
import { readScenarioFolder, writeScenarioFolder } from '../src/io/scenario-folder.ts';
import { validateScenario } from '../src/model/validate.ts';
import { openStore } from '../src/store/sqlite.ts';

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const root = mkdtempSync(join(tmpdir(), 'gongpei-bench-store-'));
const cases: Array<[string, () => ReturnType<typeof readScenarioFolder>]> = [
  ['daming', () => readScenarioFolder('data/counties/daming')],
  ...[1000, 3000].map((n): [string, () => ReturnType<typeof readScenarioFolder>] => [
    `gen-${n}`,
    () => generateCounty({ seed: 7, stations: n }),
  ]),
];
const rows: Array<Record<string, string | number>> = [];
const store = openStore(join(root, 'var'));
for (const [name, make] of cases) {
  const scenario = make();
  const dir = join(root, name);
  let t = process.hrtime.bigint();
  writeScenarioFolder(scenario, dir);
  const writeMs = ms(t);
  t = process.hrtime.bigint();
  const read = readScenarioFolder(dir);
  const readMs = ms(t);
  t = process.hrtime.bigint();
  validateScenario(read);
  const validateMs = ms(t);
  t = process.hrtime.bigint();
  store.saveScenario(name, read);
  const saveMs = ms(t);
  t = process.hrtime.bigint();
  store.getScenario(name);
  const loadMs = ms(t);
  rows.push({
    scenario: name,
    places: read.places.length,
    demandRows: read.demand.length,
    roadFeatures: read.roads.format === 'geojson' ? read.roads.data.features.length : 0,
    'write ms': Math.round(writeMs),
    'read+validate ms': Math.round(readMs),
    'validate only ms': Math.round(validateMs),
    'save ms': Math.round(saveMs),
    'load ms': Math.round(loadMs),
  });
}
store.close();
rmSync(root, { recursive: true, force: true });
console.table(rows);
