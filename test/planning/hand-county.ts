/** A hand-made county with known coverage answers (see the comments on each village). */
import type { Place, Scenario } from '../../src/model/types.ts';
import { DEFAULT_PLANNING } from '../../src/model/schemas.ts';

function place(
  id: string,
  kind: Place['kind'],
  township: string,
  lon: number,
  lat: number,
  extra: Partial<Place> = {},
): Place {
  return {
    id,
    kind,
    name: `${id}村`,
    township,
    lon,
    lat,
    population: null,
    poverty: false,
    hasStation: false,
    serviceLimitDays: null,
    ...extra,
  };
}

export function handCounty(): Scenario {
  return {
    county: {
      name: 'Hand County',
      adminCode: '000000',
      centre: [115.05, 36.0],
      timeZone: 'Asia/Shanghai',
      defaults: { ...DEFAULT_PLANNING, serviceLimitDays: 1 },
      // village share target from the county's own data (0.5 is also the default); the rest default
      targets: [{ id: 'village_station_share', label: 'Villages with a station', target: 0.5, op: '>=' }],
      synthetic: [],
    },
    townships: [
      { id: 'T1', name: '一镇', lon: 115.0, lat: 36.0 },
      { id: 'T2', name: '二镇', lon: 115.1, lat: 36.0 },
      { id: 'T3', name: '三乡', lon: 115.2, lat: 36.1 },
    ],
    places: [
      place('W', 'warehouse', 'T1', 115.0, 36.0),
      place('H', 'hub', 'T2', 115.1, 36.0),
      place('C', 'hub_candidate', 'T3', 115.2, 36.1),
      place('A1', 'village', 'T1', 115.01, 36.01, { population: 800, hasStation: true }), // large, covered
      place('A2', 'village', 'T1', 115.02, 35.99, {
        population: 300,
        poverty: true,
        hasStation: true,
        serviceLimitDays: 0,
      }), // poverty, covered, same day
      place('A3', 'village', 'T1', 114.98, 36.02, { population: 600 }), // large, MISSING
      place('A4', 'village', 'T1', 114.99, 35.98, { population: 200 }),
      place('B1', 'village', 'T2', 115.11, 36.01, { population: 450, poverty: true }), // poverty, MISSING
      place('B2', 'village', 'T2', 115.12, 35.99, { population: 1000, poverty: true }), // poverty + large, MISSING
      place('B3', 'village', 'T2', 117.0, 36.0, { population: 100, hasStation: true }), // ~180 km away: not same day
      place('D1', 'village', 'T3', 115.21, 36.11, { population: 50 }),
      place('D2', 'village', 'T3', 115.19, 36.09), // population unknown
    ],
    carriers: [
      { id: 'c1', name: 'Carrier 1' },
      { id: 'c2', name: 'Carrier 2' },
      { id: 'c3', name: 'Carrier 3' },
    ],
    demand: [
      {
        day: 1,
        stationId: 'A1',
        carrierId: 'c1',
        parcelsDown: 10,
        kgDown: 10,
        parcelsUp: 4,
        kgUp: 8,
        cold: false,
        upZone: 'north',
      },
      {
        day: 1,
        stationId: 'A2',
        carrierId: 'c2',
        parcelsDown: 5,
        kgDown: 5,
        parcelsUp: 0,
        kgUp: 0,
        cold: false,
        upZone: '',
      },
      {
        day: 1,
        stationId: 'B3',
        carrierId: 'c2',
        parcelsDown: 3,
        kgDown: 3,
        parcelsUp: 0,
        kgUp: 0,
        cold: false,
        upZone: '',
      },
    ],
    fleet: [
      {
        id: 'van',
        depotId: 'W',
        type: 'van',
        count: 2,
        capacityParcels: 100,
        capacityKg: 1000,
        cold: false,
        fixedCost: 100,
        costPerKm: 1,
        costPerHour: 30,
        shiftStart: '08:00',
        shiftEnd: '18:00',
        maxKm: null,
        carrierId: null,
      },
      {
        id: 'trunk',
        depotId: 'W',
        type: 'trunk',
        count: 1,
        capacityParcels: 400,
        capacityKg: 4000,
        cold: false,
        fixedCost: 200,
        costPerKm: 2,
        costPerHour: 35,
        shiftStart: '06:00',
        shiftEnd: '12:00',
        maxKm: null,
        carrierId: null,
      },
      {
        id: 'hubvan',
        depotId: 'H',
        type: 'van',
        count: 1,
        capacityParcels: 80,
        capacityKg: 800,
        cold: false,
        fixedCost: 80,
        costPerKm: 1,
        costPerHour: 25,
        shiftStart: '08:00',
        shiftEnd: '18:00',
        maxKm: null,
        carrierId: null,
      },
    ],
    tariffs: [
      { carrierId: 'c1', origin: 'county', zone: 'north', firstKg: 1, firstPrice: 6, extraPerKg: 1, minDailyVolume: 0 },
      {
        carrierId: 'c1',
        origin: 'capital',
        zone: 'north',
        firstKg: 1,
        firstPrice: 5,
        extraPerKg: 1,
        minDailyVolume: 0,
      },
    ],
    roads: { format: 'none' },
  };
}
