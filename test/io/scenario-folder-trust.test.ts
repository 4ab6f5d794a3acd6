/**
 * Defect 3 of issue 15: "validate everything, then store". On d8320a6 a parcels_down of 1e15, a garbage
 * roads.osm.pbf / roads.osm and GeoJSON coordinates of [999, 999] were all accepted by the reader (and so
 * stored), to fail later as minutes-long jobs or 500s. Each must now be refused by the reader with
 * file:row:field, before a store is touched.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { ScenarioError, formatIssue } from '../../src/model/validate.ts';
import { copyTinyCounty, setLine } from './helpers.ts';

/** Issues of reading the edited copy, as `file:row:field: message` lines. */
function problems(edit: (dir: string) => void): string[] {
  const dir = copyTinyCounty();
  edit(dir);
  try {
    readScenarioFolder(dir);
    return [];
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    return err.issues.map(formatIssue);
  }
}

const edit = (file: string, fn: (text: string) => string) => (dir: string) =>
  writeFileSync(join(dir, file), fn(readFileSync(join(dir, file), 'utf8')));

test('the unedited fixture reads', () => {
  expect(problems(() => {})).toEqual([]);
});

test('parcels_down of 1e15 is refused with its line and field', () => {
  const p = problems((dir) => setLine(join(dir, 'demand.csv'), 2, '1,V1,ems,1000000000000000,18.5,0,0,false,'));
  expect(p).toContainEqual(expect.stringMatching(/^demand\.csv:2:parcels_down: at most 20000 parcels/));
});

test('parcels of one station-day over all carriers are bounded too', () => {
  const p = problems((dir) => {
    setLine(join(dir, 'demand.csv'), 2, '1,V1,ems,19000,18.5,0,0,false,');
    setLine(join(dir, 'demand.csv'), 3, '1,V1,zto,19000,31.2,0,0,false,');
    const f = join(dir, 'demand.csv');
    writeFileSync(
      f,
      readFileSync(f, 'utf8').replace(/\n?$/, '\n') + '1,V1,__C__,19000,1,0,0,false,\n'.replace('__C__', 'ems2'),
    );
  });
  // three rows of 19,000 (each within the row bound) make 57,000 parcels down for V1 on day 1 > 50,000
  expect(p.some((l) => /station "V1" has \d+ parcels down on day 1/.test(l))).toBe(true);
});

test('kg per parcel, fleet size, vehicle capacity and horizon have plausible bounds', () => {
  expect(problems((dir) => setLine(join(dir, 'demand.csv'), 2, '1,V1,ems,2,5000,0,0,false,'))).toContainEqual(
    expect.stringMatching(/^demand\.csv:2:kg_down: 5000 kg for 2 parcels is more than 500 kg a parcel/),
  );
  expect(
    problems((dir) =>
      setLine(join(dir, 'fleet.csv'), 2, 'van,W1,van,100000,120,1500,false,150,1.2,30,08:00,18:00,200,'),
    ),
  ).toContainEqual(expect.stringMatching(/^fleet\.csv:2:count: at most 500 vehicles per row, got 100000/));
  expect(
    problems((dir) =>
      setLine(join(dir, 'fleet.csv'), 2, 'van,W1,van,2,1000000000,1500,false,150,1.2,30,08:00,18:00,200,'),
    ),
  ).toContainEqual(expect.stringMatching(/^fleet\.csv:2:capacity_parcels: at most 100000/));
  expect(problems(edit('county.json', (t) => t.replace('"horizonDays": 2', '"horizonDays": 3650')))).toContainEqual(
    expect.stringMatching(/^county\.json:defaults\.horizonDays: must be a whole number of days 1\.\.28, got 3650/),
  );
});

test('GeoJSON coordinates [999, 999] are refused naming the feature and the point', () => {
  const p = problems(edit('roads.geojson', (t) => t.replace('[[115.15, 36.285]', '[[999, 999]')));
  expect(p).toEqual(['roads.geojson:features[0].geometry.coordinates[0]: longitude 999 is outside -180..180']);
});

test('a garbage roads.osm.pbf or roads.osm is decoded now and refused, without echoing its bytes', () => {
  const secret = 'SECRET-CONTENT-'.repeat(20);
  for (const name of ['roads.osm.pbf', 'roads.osm']) {
    const p = problems((dir) => {
      rmSync(join(dir, 'roads.geojson'));
      writeFileSync(join(dir, name), `garbage ${secret}`);
    });
    expect(p.length, name).toBe(1);
    expect(p[0]).toMatch(new RegExp(`^${name.replaceAll('.', '\\.')}: not a readable OSM (PBF|XML) file: `));
    expect(p[0]).not.toContain('SECRET');
  }
});

test('an OSM file without drivable roads is refused', () => {
  const p = problems((dir) => {
    rmSync(join(dir, 'roads.geojson'));
    writeFileSync(
      join(dir, 'roads.osm'),
      '<?xml version="1.0"?>\n<osm version="0.6"><node id="1" lat="36.3" lon="115.1"/></osm>\n',
    );
  });
  expect(p).toEqual(['roads.osm: no drivable roads (highway ways) in the file']);
});
