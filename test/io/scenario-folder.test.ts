import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/io/csv.ts';
import { readScenarioFolder, writeScenarioFolder } from '../../src/io/scenario-folder.ts';
import { ScenarioError } from '../../src/model/validate.ts';
import type { Scenario } from '../../src/model/types.ts';
import { copyTinyCounty, getLine, setLine, tempDir, TINY_COUNTY } from './helpers.ts';

/** Issues of a folder that must fail, rendered `file:row:field: message`. */
function issuesOf(dir: string): string[] {
  try {
    readScenarioFolder(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).message.split('\n').slice(1);
  }
  throw new Error(`expected ${dir} to be rejected`);
}

describe('scenario folder round trip', () => {
  it('reads the tiny county exactly as written in its files', () => {
    const s = readScenarioFolder(TINY_COUNTY);
    const placesCsv = readFileSync(join(TINY_COUNTY, 'places.csv'), 'utf8').trim().split('\n');
    expect(s.places.length).toBe(placesCsv.length - 1);
    expect(s.places.find((p) => p.id === 'V6')!.name).toBe('后堤村, 二组'); // quoted cell with a comma
    expect(s.places.find((p) => p.id === 'V2')).toEqual({
      id: 'V2',
      kind: 'village',
      name: '西店村',
      township: '130425100',
      lon: 115.135,
      lat: 36.265,
      population: 420,
      poverty: true,
      hasStation: true,
      serviceLimitDays: 0,
    });
    expect(s.places.find((p) => p.id === 'W1')!.population).toBeNull();
    expect(s.fleet.find((f) => f.id === 'ems_van')!.carrierId).toBe('ems');
    expect(s.fleet.find((f) => f.id === 'van')!.carrierId).toBeNull();
    expect(s.fleet.find((f) => f.id === 'cold_van')!.maxKm).toBeNull();
    expect(s.demand.filter((r) => r.cold).length).toBe(2);
    // county.json leaves out most defaults and all targets: the documented defaults fill them in.
    expect(s.county.defaults).toEqual({
      dayStart: '08:00',
      dayEnd: '18:00',
      serviceLimitDays: 1,
      horizonDays: 2,
      serviceMinutesBase: 5,
      serviceMinutesPerParcel: 0.2,
      transferMinutes: 30,
      detourFactor: 1.4,
      defaultSpeedKmh: 40,
      maxSnapMeters: 1000,
    });
    expect(s.county.targets.map((t) => t.id)).toContain('poverty_village_station_share');
    expect(s.roads.format).toBe('geojson');
  });

  it('read → write → read is lossless, and writing twice gives the same bytes', () => {
    const first = readScenarioFolder(TINY_COUNTY);
    const a = tempDir();
    writeScenarioFolder(first, a);
    const second = readScenarioFolder(a);
    expect(second).toEqual(first);
    const b = tempDir();
    writeScenarioFolder(second, b);
    for (const name of readdirSync(a)) expect(readFileSync(join(b, name))).toEqual(readFileSync(join(a, name)));
  });

  it('round-trips OSM bytes, awkward numbers and awkward names exactly', () => {
    const s = readScenarioFolder(TINY_COUNTY);
    // Roads are decoded on read (a garbage file is refused), so the bytes are a real, small OSM XML file with
    // CRLF, a BOM-less UTF-8 name and trailing spaces: kept byte for byte.
    const bytes = new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-8"?>\r\n<osm version="0.6">\r\n <node id="1" lat="36.30" lon="115.15"/>  \n' +
        ' <node id="2" lat="36.33" lon="115.16"/>\n <way id="9"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/>' +
        '<tag k="name" v="大万公路 &amp; &quot;x&quot;"/></way>\n</osm>\n',
    );
    const awkward: Scenario = {
      ...s,
      roads: { format: 'osm', bytes },
      places: s.places.map((p, i) =>
        // eslint-disable-next-line no-loss-of-precision -- the round trip must keep every digit a double holds
        i === 3 ? { ...p, name: '东关村 "新区",\n第三组', lon: 0.1 + 0.2, lat: 36.123456789012345 } : p,
      ),
      demand: s.demand.map((r, i) =>
        // eslint-disable-next-line no-loss-of-precision -- as above
        i === 0 ? { ...r, kgDown: 1e-7 } : i === 1 ? { ...r, kgDown: 1234.5678900000001 } : r,
      ),
      carriers: s.carriers.map((c, i) => (i === 0 ? { ...c, name: ' 邮政 EMS ' } : c)),
    };
    const dir = tempDir();
    writeScenarioFolder(awkward, dir);
    expect(existsSync(join(dir, 'roads.osm'))).toBe(true);
    expect(existsSync(join(dir, 'roads.geojson'))).toBe(false);
    const back = readScenarioFolder(dir);
    expect(back.roads.format).toBe('osm');
    expect(back.places[3].lon).toBe(0.1 + 0.2);
    expect(back.demand[0].kgDown).toBe(1e-7);
    expect(back.places[3].name).toBe('东关村 "新区",\n第三组');
    // Names are trimmed on read (a stray space in a spreadsheet cell is not part of the name).
    expect(back.carriers[0].name).toBe('邮政 EMS');
    expect(back).toEqual({
      ...awkward,
      carriers: awkward.carriers.map((c, i) => (i === 0 ? { ...c, name: '邮政 EMS' } : c)),
    });
  });

  it('writing a scenario without roads removes a stale roads file and reads back as none', () => {
    const dir = copyTinyCounty();
    const s = readScenarioFolder(dir);
    writeScenarioFolder({ ...s, roads: { format: 'none' } }, dir);
    expect(existsSync(join(dir, 'roads.geojson'))).toBe(false);
    expect(readScenarioFolder(dir).roads).toEqual({ format: 'none' });
  });

  it('accepts a UTF-8 BOM and CRLF line ends', () => {
    const dir = copyTinyCounty();
    const file = join(dir, 'places.csv');
    writeFileSync(file, `\ufeff${readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`);
    expect(readScenarioFolder(dir)).toEqual(readScenarioFolder(TINY_COUNTY));
  });

  it('accepts yes/no and 1/0 booleans and leaves optional columns out', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 6, 'V2,village,西店村,130425100,115.135,36.265,420,YES,1,0');
    writeFileSync(join(dir, 'carriers.csv'), 'id,name\nems,中国邮政\nzto,中通快递\n');
    const s = readScenarioFolder(dir);
    expect(s.places.find((p) => p.id === 'V2')!.poverty).toBe(true);
    // tariffs.csv without min_daily_volume: every row defaults to tier 0
    writeFileSync(
      join(dir, 'tariffs.csv'),
      'carrier_id,origin,zone,first_kg,first_price,extra_per_kg\nems,county,north,1,8,2\nems,county,east,1,8,2\nzto,county,north,1,5,1.5\nzto,county,east,1,5,1.5\n',
    );
    expect(readScenarioFolder(dir).tariffs.every((t) => t.minDailyVolume === 0)).toBe(true);
  });
});

describe('bad input is reported as file:row:field', () => {
  it('an unclosed quote names the line where the quote opens', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 7, 'V3,village,"北营村,130425100,115.17,36.3,300,false,false,');
    expect(issuesOf(dir)).toEqual(['places.csv:7: quote opened here is never closed']);
  });

  it('a row with the wrong number of fields names its line', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'demand.csv'), 4, '1,V2,ems,3,4.1,5,12.5,false');
    expect(issuesOf(dir)).toEqual(['demand.csv:4: expected 9 fields (as in the header), found 8']);
  });

  it('a stray quote inside a field is a malformed row on its line', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'carriers.csv'), 3, 'zto,中通"快递');
    const issues = issuesOf(dir);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^carriers\.csv:3: malformed CSV: /);
  });

  it('an unknown township', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 8, 'V4,village,万堤村,130425999,115.19,36.39,650,false,true,');
    expect(issuesOf(dir)).toEqual(['places.csv:8:township: unknown township "130425999" (not in townships.csv)']);
  });

  it('a negative demand', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'demand.csv'), 3, '1,V1,zto,-20,31.2,0,0,false,');
    expect(issuesOf(dir)).toEqual(['demand.csv:3:parcels_down: must be ≥ 0, got -20']);
  });

  it('an unknown station id in demand, and demand for a village without a station', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'demand.csv'), 5, '1,V9,zto,6,7.8,0,0,false,');
    setLine(join(dir, 'demand.csv'), 6, '1,V3,ems,8,10.4,0,0,false,');
    expect(issuesOf(dir)).toEqual([
      'demand.csv:5:station_id: unknown station "V9" (not in places.csv)',
      'demand.csv:6:station_id: village "V3" has no station (has_station = false in places.csv)',
    ]);
  });

  it('a duplicate id', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 10, 'V1,village,后堤村,130425102,115.185,36.365,520,false,false,');
    expect(issuesOf(dir)).toEqual(['places.csv:10:id: duplicate id "V1"']);
  });

  it('a bad boolean', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 9, 'V5,village,南堤村,130425102,115.16,36.395,380,maybe,true,');
    expect(issuesOf(dir)).toEqual(['places.csv:9:poverty: expected true/false/1/0/yes/no, got "maybe"']);
  });

  it('bad numbers, enums and clock times in the row schemas', () => {
    const dir = copyTinyCounty();
    setLine(join(dir, 'places.csv'), 5, 'V1,villa,东关村,130425100,0x10,,1200,false,true,');
    setLine(join(dir, 'fleet.csv'), 2, 'van,W1,van,2,120,1500,false,150,1.2,30,8h,18:00,200,');
    expect(issuesOf(dir)).toEqual([
      'places.csv:5:kind: expected one of warehouse | hub | hub_candidate | village, got "villa"',
      'places.csv:5:lon: expected a number, got "0x10"',
      'places.csv:5:lat: must not be empty (expected a number)',
      'fleet.csv:2:shift_start: expected a clock time HH:MM between 00:00 and 24:00, got "8h"',
    ]);
  });

  it('collects every issue across files instead of stopping at the first', () => {
    const dir = copyTinyCounty();
    const fleet = join(dir, 'fleet.csv');
    setLine(fleet, 2, 'van,V1,van,2,120,1500,false,150,1.2,30,08:00,18:00,200,'); // depot is a village
    setLine(fleet, 3, 'cold_van,W1,cold_van,1,60,800,true,200,1.5,30,18:00,08:00,,'); // shift end before start
    setLine(fleet, 6, 'ems_van,W1,van,1,100,1200,false,150,1.2,30,08:00,18:00,,sto'); // unknown carrier
    setLine(join(dir, 'places.csv'), 3, 'H1,warehouse,万堤镇中转站,130425102,115.175,96.3786,,false,false,'); // 2nd warehouse, bad lat
    const demand = join(dir, 'demand.csv');
    setLine(demand, 10, '3,V1,ems,10,15,0,0,false,'); // day beyond horizon (2)
    setLine(demand, 11, '2,V1,zto,18,27.4,2,4,false,south'); // zone without tariff
    setLine(demand, 12, '2,V2,ems,0,0.8,0,0,false,'); // kg without parcels
    setLine(join(dir, 'tariffs.csv'), 14, 'sf,platform,east,1,5,1.5,0'); // unknown carrier
    const issues = issuesOf(dir);
    expect(issues).toEqual([
      'places.csv:3:lat: latitude out of range −90..90: 96.3786',
      'places.csv:kind: expected exactly one warehouse, found 2',
      'tariffs.csv:14:carrier_id: unknown carrier "sf" (not in carriers.csv)',
      'demand.csv:10:day: must be a whole day 1..2 (horizonDays in county.json), got 3',
      'demand.csv:11:up_zone: no tariff for carrier "zto" and zone "south" in tariffs.csv',
      'demand.csv:12:kg_down: kg without parcels: kg_down 0.8 with parcels_down 0',
      'fleet.csv:2:depot_id: depot "V1" is a village; a depot must be the warehouse or a hub',
      'fleet.csv:3:shift_end: shift end 08:00 must be after shift start 18:00',
      'fleet.csv:6:carrier_id: unknown carrier "sto" (not in carriers.csv)',
    ]);
  });

  it('missing files, missing and unknown columns, bad county.json fields', () => {
    const dir = copyTinyCounty();
    writeFileSync(join(dir, 'townships.csv'), 'id,name,lon\n130425100,大名镇,115.1\n');
    writeFileSync(join(dir, 'carriers.csv'), 'id,name,has_staton\nems,邮政,1\n');
    const county = JSON.parse(readFileSync(join(dir, 'county.json'), 'utf8')) as Record<string, unknown>;
    county.defaults = { dayStart: '8 am', horizonDays: 'seven' };
    writeFileSync(join(dir, 'county.json'), JSON.stringify(county));
    expect(issuesOf(dir)).toEqual([
      'county.json:defaults.dayStart: expected a clock time HH:MM (00:00-24:00)',
      'county.json:defaults.horizonDays: Invalid input: expected number, received string',
      'townships.csv:1:lat: missing column',
      'carriers.csv:1:has_staton: unknown column (expected: id,name)',
    ]);
    const empty = tempDir();
    writeFileSync(join(empty, 'county.json'), '{"name":"x","centre":[115,36]}');
    expect(issuesOf(empty)).toEqual(['townships.csv: missing file', 'places.csv: missing file']);
  });

  it('a file that is not UTF-8 (GBK from a spreadsheet) is named', () => {
    const dir = copyTinyCounty();
    // "村" in GBK is 0xB4 0xE5: not a valid UTF-8 sequence
    writeFileSync(join(dir, 'carriers.csv'), Buffer.from([...Buffer.from('id,name\nems,'), 0xb4, 0xe5, 0x0a]));
    expect(issuesOf(dir)).toEqual([
      'carriers.csv: not valid UTF-8 (a GBK file from a spreadsheet? save it as UTF-8 CSV)',
    ]);
  });

  it('the error message lists at most 50 issues and counts the rest; ScenarioError keeps them all', () => {
    const dir = copyTinyCounty();
    const rows = Array.from({ length: 60 }, (_, i) => `d${i},W9`);
    writeFileSync(
      join(dir, 'carriers.csv'),
      `id,name\nems,邮政\nzto,中通\n${rows.map((r) => r.replace('W9', '')).join('\n')}\n`,
    );
    try {
      readScenarioFolder(dir);
      throw new Error('expected failure');
    } catch (err) {
      const e = err as ScenarioError;
      expect(e.issues).toHaveLength(60);
      expect(e.issues[0]).toEqual({ file: 'carriers.csv', row: 4, field: 'name', message: 'must not be empty' });
      const lines = e.message.split('\n');
      expect(lines[0]).toBe(`${dir}: invalid scenario: 60 problems`);
      expect(lines).toHaveLength(1 + 50 + 1);
      expect(lines[51]).toBe('… and 10 more');
    }
  });
});

describe('csv', () => {
  it('gives the start line of a record with a quoted newline', () => {
    const t = parseCsv('a,b\n"x\ny",1\n\n2,3\n', 'f.csv');
    expect(t.issues).toEqual([]);
    expect(t.records.map((r) => r.line)).toEqual([2, 5]);
    expect(t.records[0].cells).toEqual({ a: 'x\ny', b: '1' });
  });

  it('an unclosed quote on the last record names its line', () => {
    expect(parseCsv('a,b\n1,2\n"3,4\n', 'f.csv').issues).toEqual([
      { file: 'f.csv', row: 3, field: null, message: 'quote opened here is never closed' },
    ]);
  });

  it('getLine helper sanity: fixture line 5 is V1', () => {
    expect(getLine(join(TINY_COUNTY, 'places.csv'), 5).startsWith('V1,')).toBe(true);
  });
});
