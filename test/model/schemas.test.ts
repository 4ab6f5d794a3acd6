import { describe, expect, it } from 'vitest';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import {
  countySettingsSchema,
  DEFAULT_TARGETS,
  parseBooleanCell,
  parseNumberCell,
  PLACE_FIELDS,
  placeRowSchema,
  roadCollectionSchema,
} from '../../src/model/schemas.ts';
import { assertValidScenario, formatIssue, ScenarioError, validateScenario } from '../../src/model/validate.ts';
import { TINY_COUNTY } from '../io/helpers.ts';

describe('schemas', () => {
  it('county.json: defaults for every omitted setting and the DESIGN.md §2 targets', () => {
    const c = countySettingsSchema.parse({ name: '某县', centre: [115.1, 36.3] });
    expect(c.defaults).toEqual({
      dayStart: '08:00',
      dayEnd: '18:00',
      serviceLimitDays: 0,
      horizonDays: 7,
      serviceMinutesBase: 5,
      serviceMinutesPerParcel: 0.2,
      transferMinutes: 30,
      detourFactor: 1.4,
      defaultSpeedKmh: 40,
      maxSnapMeters: 1000,
    });
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.synthetic).toEqual([]);
    const byId = Object.fromEntries(c.targets.map((t) => [t.id, [t.op, t.target]]));
    expect(byId).toEqual({
      village_station_share: ['>=', 0.5],
      poverty_village_station_share: ['>=', 1],
      large_village_station_share: ['>=', 1],
      township_express_share: ['>=', 1],
      same_day_share: ['>=', 0],
      within_limit_share: ['>=', 1],
      carriers_shared: ['>=', 2],
      upstream_parity: ['<=', 1],
      produce_station_share: ['>=', 0.3],
    });
    // The defaults are copied, not shared: editing one scenario's targets leaves the defaults alone.
    c.targets[0].target = 0.9;
    expect(DEFAULT_TARGETS[0].target).toBe(0.5);
    // A county that sets its own targets gets exactly those.
    const own = countySettingsSchema.parse({
      name: 'x',
      centre: [0, 0],
      targets: [{ id: 'carriers_shared', label: 'c', target: 3, op: '>=' }],
    });
    expect(own.targets).toEqual([{ id: 'carriers_shared', label: 'c', target: 3, op: '>=' }]);
  });

  it('number and boolean cells are strict', () => {
    expect(['1', '-2.5', '.5', ' 3 '].map(parseNumberCell)).toEqual([1, -2.5, 0.5, 3]);
    expect(['1e-7', '1e3', '0b11', '0x10', '\u00a05'].map(parseNumberCell)).toEqual([null, null, null, null, null]);
    expect(['', 'NaN', 'Infinity', '0x10', '1,5', '1e999', 'abc'].map(parseNumberCell)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(['true', 'YES', '1', 'false', 'no', '0', 'y', ''].map(parseBooleanCell)).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      null,
      null,
    ]);
  });

  it('a place row maps snake_case cells to the domain type; missing cells are reported by column', () => {
    const ok = placeRowSchema.parse({
      id: 'V1',
      kind: 'village',
      name: '东关村',
      township: 't',
      lon: '115',
      lat: '36',
      population: '',
      poverty: 'no',
      has_station: 'yes',
      service_limit_days: '2',
    });
    expect(ok).toEqual({
      id: 'V1',
      kind: 'village',
      name: '东关村',
      township: 't',
      lon: 115,
      lat: 36,
      population: null,
      poverty: false,
      hasStation: true,
      serviceLimitDays: 2,
    });
    // PLACE_FIELDS (what a version diff compares) names exactly the fields the row schema fills, in column order
    expect(PLACE_FIELDS).toEqual(Object.keys(ok));
    const bad = placeRowSchema.safeParse({ id: 'V1', kind: 'village', name: 'x', township: 't', lon: '1', lat: '2' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => `${String(i.path[0])}: ${i.message}`)).toEqual([
      'population: missing value',
      'poverty: missing value',
      'has_station: missing value',
      'service_limit_days: missing value',
    ]);
  });

  it('roads: MultiLineStrings are split, extra coordinates and properties dropped, bad geometry named', () => {
    const fc = roadCollectionSchema.parse({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { highway: 'track', osm_id: 7 },
          geometry: {
            type: 'MultiLineString',
            coordinates: [
              [
                [1, 2, 30],
                [3, 4, 31],
              ],
              [
                [5, 6],
                [7, 8],
              ],
            ],
          },
        },
      ],
    });
    expect(fc.features).toEqual([
      {
        type: 'Feature',
        properties: { highway: 'track' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [1, 2],
            [3, 4],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { highway: 'track' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [5, 6],
            [7, 8],
          ],
        },
      },
    ]);
    const bad = roadCollectionSchema.safeParse({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { highway: 'x' }, geometry: { type: 'Point', coordinates: [1, 2] } }],
    });
    expect(bad.error!.issues[0].path).toEqual(['features', 0, 'geometry', 'type']);
  });
});

describe('validateScenario on scenarios built in memory', () => {
  it('the tiny county is valid', () => {
    expect(validateScenario(readScenarioFolder(TINY_COUNTY))).toEqual([]);
  });

  it('row i of an array is reported on line i + 2 (where the folder writer puts it)', () => {
    const s = readScenarioFolder(TINY_COUNTY);
    s.fleet[4] = { ...s.fleet[4], capacityKg: 0, count: 1.5 };
    s.townships[1] = { ...s.townships[1], lon: 200 };
    s.county.defaults.dayEnd = '07:00';
    expect(validateScenario(s).map(formatIssue)).toEqual([
      'county.json:defaults.dayEnd: day end 07:00 must be after day start 08:00',
      'townships.csv:3:lon: longitude out of range −180..180: 200',
      'fleet.csv:6:count: must be a whole number, got 1.5',
      'fleet.csv:6:capacity_kg: must be > 0, got 0',
    ]);
    expect(() => assertValidScenario(s)).toThrow(ScenarioError);
  });

  it('duplicate demand rows, non-village stations, up parcels without a zone, missing warehouse', () => {
    const s = readScenarioFolder(TINY_COUNTY);
    s.demand.push({ ...s.demand[0] });
    s.demand[1] = { ...s.demand[1], stationId: 'H1' };
    s.demand[2] = { ...s.demand[2], upZone: '' };
    s.places[0] = { ...s.places[0], kind: 'hub' };
    const issues = validateScenario(s).map(formatIssue);
    expect(issues).toEqual([
      'places.csv:kind: expected exactly one warehouse, found 0',
      'demand.csv:3:station_id: "H1" is a hub, not a village station',
      'demand.csv:4:up_zone: required when parcels_up > 0',
      `demand.csv:${s.demand.length + 1}:station_id: duplicate row for day 1, station "V1", carrier "ems"`,
    ]);
  });
});
