/**
 * Synthetic sample passenger-bus lines (客运班车带货) for a generated county: from the county seat (the warehouse, where
 * the county bus station is assumed to be) out to township seats. Deterministic (no random draw): seats are grouped
 * by compass quadrant from the warehouse and each quadrant's nearest seats form one line, nearest first.
 * ALL FIGURES ARE SAMPLES (timetable, capacity, prices), labelled synthetic in the county's README.
 */
import type { BusLine, Place, Scenario } from '../model/types.ts';
import { haversineM } from '../network/geo.ts';

/** Sample figures of every generated line (documented in data/counties/daming/README.md). */
export const SAMPLE_BUS = {
  /** Seats per line (after the first stop at the warehouse). */
  seatsPerLine: 3,
  departures: ['08:30', '13:30'],
  /** Bus speed over the straight line × the county's detour factor. */
  speedKmh: 35,
  /** Dwell at an intermediate stop (passengers). */
  dwellMinutes: 2,
  capacityParcels: 80,
  pricePerParcel: 0.3,
  pricePerKg: 0.05,
  handoverMinutes: 10,
  pickupRadiusM: 3000,
} as const;

const QUADRANTS = ['北', '东', '南', '西'] as const;

function bearingDeg(from: Place, to: Place): number {
  const dx = (to.lon - from.lon) * Math.cos((from.lat * Math.PI) / 180);
  const dy = to.lat - from.lat;
  return ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
}

/** Minutes from the first stop to each stop of a line over the given places. */
function lineMinutes(places: Place[], detourFactor: number): number[] {
  const minutes = [0];
  let m = 0;
  for (let k = 1; k < places.length; k++) {
    const a = places[k - 1];
    const b = places[k];
    const km = (haversineM(a.lon, a.lat, b.lon, b.lat) / 1000) * detourFactor;
    m += (km / SAMPLE_BUS.speedKmh) * 60 + (k > 1 ? SAMPLE_BUS.dwellMinutes : 0);
    minutes.push(Math.max(minutes[k - 1] + 1, Math.ceil(m)));
  }
  return minutes;
}

/** Up to four sample lines from the warehouse to the township seats (hub and candidate places). */
export function sampleBusLines(scenario: Scenario): BusLine[] {
  const warehouse = scenario.places.find((p) => p.kind === 'warehouse');
  if (!warehouse) return [];
  const seats = scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate');
  const lines: BusLine[] = [];
  QUADRANTS.forEach((dir, q) => {
    const inQuadrant = seats
      .filter((s) => Math.floor(((bearingDeg(warehouse, s) + 45) % 360) / 90) === q)
      .map((s) => ({ s, d: haversineM(warehouse.lon, warehouse.lat, s.lon, s.lat) }))
      .sort((a, b) => a.d - b.d || (a.s.id < b.s.id ? -1 : 1))
      .slice(0, SAMPLE_BUS.seatsPerLine)
      .map((x) => x.s);
    if (inQuadrant.length === 0) return;
    const stops = [warehouse, ...inQuadrant];
    lines.push({
      id: `BUS-${q + 1}`,
      name: `县城—${dir}线 (样例)`,
      stops: stops.map((p) => p.id),
      departures: [...SAMPLE_BUS.departures],
      minutes: lineMinutes(stops, scenario.county.defaults.detourFactor),
      capacityParcels: SAMPLE_BUS.capacityParcels,
      pricePerParcel: SAMPLE_BUS.pricePerParcel,
      pricePerKg: SAMPLE_BUS.pricePerKg,
      handoverMinutes: SAMPLE_BUS.handoverMinutes,
      pickupRadiusM: SAMPLE_BUS.pickupRadiusM,
    });
  });
  return lines;
}
