/**
 * bus_lines.csv: read, written back unchanged, and every bad row named `bus_lines.csv:row:field` with nothing returned.
 */
import { describe, expect, it } from 'vitest';
import { parseScenarioFiles, serializeScenarioFiles } from '../../src/io/scenario-folder.ts';
import { ScenarioError } from '../../src/model/validate.ts';
import { county, demand, place, van } from '../planning/helpers.ts';

const HEADER =
  'line_id,name,stops,departures,minutes,capacity_parcels,price_per_parcel,price_per_kg,handover_minutes,pickup_radius_m';
const GOOD = 'L1,县城—北线,W;S1;A,08:30;13:30,0;20;35,80,0.3,0.05,10,3000';

function files(busCsv?: string) {
  const scenario = county(
    [place('W', 'warehouse', 0, 0), place('S1', 'hub_candidate', 10, 0), place('A', 'village', 12, 0)],
    [van('V', 'W')],
    [demand(1, 'A', 'c1', 5)],
  );
  const f = serializeScenarioFiles(scenario);
  if (busCsv !== undefined) f['bus_lines.csv'] = busCsv;
  return f;
}

function issuesOf(row: string): string[] {
  try {
    parseScenarioFiles(files(`${HEADER}\n${GOOD}\n${row}\n`));
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    return (err as ScenarioError).issues.map((i) => `${i.file}:${i.row}:${i.field}`);
  }
  return [];
}

describe('bus_lines.csv', () => {
  it('is optional, and read and written back unchanged', () => {
    expect(parseScenarioFiles(files()).busLines).toBeUndefined();
    const scenario = parseScenarioFiles(files(`${HEADER}\n${GOOD}\n`));
    expect(scenario.busLines).toEqual([
      {
        id: 'L1',
        name: '县城—北线',
        stops: ['W', 'S1', 'A'],
        departures: ['08:30', '13:30'],
        minutes: [0, 20, 35],
        capacityParcels: 80,
        pricePerParcel: 0.3,
        pricePerKg: 0.05,
        handoverMinutes: 10,
        pickupRadiusM: 3000,
      },
    ]);
    expect(serializeScenarioFiles(scenario)['bus_lines.csv']).toBe(`${HEADER}\n${GOOD}\n`);
  });

  it.each([
    ['unknown stop id', 'L2,x,W;NOPE,08:30,0;20,80,0.3,0.05,10,3000', 'stops'],
    ['departure not HH:MM', 'L2,x,W;S1,8.30,0;20,80,0.3,0.05,10,3000', 'departures'],
    ['minutes not increasing', 'L2,x,W;S1;A,08:30,0;20;20,80,0.3,0.05,10,3000', 'minutes'],
    ['minutes of another count', 'L2,x,W;S1;A,08:30,0;20,80,0.3,0.05,10,3000', 'minutes'],
    ['capacity 0', 'L2,x,W;S1,08:30,0;20,0,0.3,0.05,10,3000', 'capacity_parcels'],
    ['negative price', 'L2,x,W;S1,08:30,0;20,80,-1,0.05,10,3000', 'price_per_parcel'],
    ['zero radius', 'L2,x,W;S1,08:30,0;20,80,0.3,0.05,10,0', 'pickup_radius_m'],
    ['duplicate line id', 'L1,x,W;S1,08:30,0;20,80,0.3,0.05,10,3000', 'line_id'],
  ])('rejects %s as bus_lines.csv:3:field', (_what, row, field) => {
    expect(issuesOf(row)).toEqual([`bus_lines.csv:3:${field}`]);
  });
});
