import { describe, expect, it } from 'vitest';
import {
  applyLayout,
  buildHubInstance,
  locateHubs,
  routingWarnings,
  stationWeights,
  type RoutingSummary,
} from '../../src/planning/hubs.ts';
import { straightLineMatrix } from '../../src/network/index.ts';
import type { Scenario } from '../../src/model/types.ts';
import { handCounty } from './hand-county.ts';

/** The hand-made county with a station in every village except the far one, and demand at each. */
function county(): Scenario {
  const s = handCounty();
  const places = s.places.map((p) =>
    p.kind === 'village' && p.id !== 'B3'
      ? { ...p, hasStation: true }
      : p.id === 'B3'
        ? { ...p, hasStation: false }
        : p,
  );
  const stations = places.filter((p) => p.kind === 'village' && p.hasStation).map((p) => p.id);
  const demand = stations.flatMap((id, k) => [
    {
      day: 1,
      stationId: id,
      carrierId: 'c1',
      parcelsDown: 3 + k,
      kgDown: 5,
      parcelsUp: k % 2,
      kgUp: k % 2,
      cold: false,
      upZone: k % 2 ? 'north' : '',
    },
    {
      day: 2,
      stationId: id,
      carrierId: 'c2',
      parcelsDown: 1 + (k % 3),
      kgDown: 2,
      parcelsUp: 0,
      kgUp: 0,
      cold: false,
      upZone: '',
    },
  ]);
  return { ...s, places, demand };
}
const matrixOf = (s: Scenario) =>
  straightLineMatrix(
    s.places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat })),
    s.county.defaults,
  );

/** Independent p-median cost of a set of open hubs: Σ mean parcels/day × minutes from the nearest open depot. */
function pMedianCost(s: Scenario, open: string[]): number {
  const m = matrixOf(s);
  const idx = new Map(m.ids.map((id, i) => [id, i]));
  const days = new Set(s.demand.map((r) => r.day)).size;
  let total = 0;
  for (const st of s.places.filter((p) => p.kind === 'village' && p.hasStation)) {
    const parcels =
      s.demand.filter((r) => r.stationId === st.id).reduce((a, r) => a + r.parcelsDown + r.parcelsUp, 0) / days;
    const minutes = Math.min(...['W', ...open].map((d) => m.durationS[idx.get(d)! * m.size + idx.get(st.id)!] / 60));
    total += parcels * minutes;
  }
  return total;
}

describe('locateHubs on a scenario', () => {
  it('p-median matches the brute-force layout and re-plans both layouts', async () => {
    const s = county();
    const m = matrixOf(s);
    const r = await locateHubs(s, { model: 'p-median', p: 1, matrix: m, planTimeLimit: 0.3, seed: 1 });
    const costs = ['H', 'C'].map((h) => [h, pMedianCost(s, [h])] as const).sort((a, b) => a[1] - b[1]);
    expect(r.hubs).toEqual([costs[0][0]]);
    expect(r.objective).toBeCloseTo(costs[0][1], 2);
    expect(r.gap).toBeLessThanOrEqual(1e-6);
    expect(r.current.hubs).toEqual(['H']);
    expect(r.current.objective).toBeCloseTo(pMedianCost(s, ['H']), 2);
    // every station is assigned to the warehouse or a chosen hub, the nearest one
    const stations = s.places.filter((p) => p.kind === 'village' && p.hasStation).map((p) => p.id);
    expect(Object.keys(r.assignment).sort()).toEqual([...stations].sort());
    for (const d of Object.values(r.assignment)) expect(['W', ...r.hubs]).toContain(d);
    // routing of both layouts: every station with parcels on day 1 is served or unassigned with a reason
    for (const routing of [r.routing, r.current.routing]) {
      if ('skipped' in routing) throw new Error(routing.skipped);
      expect(routing.day).toBe(1);
      expect(routing.stationsServed + routing.stationsUnassigned).toBe(stations.length);
      expect(routing.totalCost).toBeGreaterThan(0);
      expect(routing.feasible).not.toBe(false);
      for (const u of routing.unassigned) expect(u.reason.length).toBeGreaterThan(0);
      expect(Object.values(routing.unassignedByReason).reduce((a, n) => a + n, 0)).toBe(routing.unassigned.length);
    }
    expect(r.warnings).toEqual(routingWarnings(r.routing, r.current.routing));
  });

  it('warns when the two re-plans serve different numbers of stations', () => {
    const base: RoutingSummary = {
      day: 1,
      totalCost: 100,
      serviceCompliance: 1,
      km: 10,
      vehiclesUsed: 1,
      stationsServed: 10,
      stationsUnassigned: 0,
      unassigned: [],
      unassignedByReason: {},
      fleetChanges: [],
      feasible: true,
    };
    expect(routingWarnings(base, base)).toEqual([]);
    const worse = { ...base, stationsServed: 7, stationsUnassigned: 3, unassignedByReason: { no_trunk: 3 } };
    expect(routingWarnings(worse, base)).toEqual([
      'the re-plans leave different numbers of stations unassigned (chosen 3: no_trunk 3; current 0: none), so their totalCost is not like for like; no_trunk: the trunk fleet cannot supply the chosen hubs (the location model has no trunk capacity)',
    ]);
    expect(routingWarnings({ skipped: 'x' }, base)).toEqual([]);
  });

  it('skips routing with replan: false and reports why', async () => {
    const s = county();
    const r = await locateHubs(s, { model: 'p-median', p: 2, matrix: matrixOf(s), replan: false });
    expect(r.hubs).toEqual(['H', 'C']);
    expect(r.routing).toEqual({ skipped: 're-planning disabled (--no-replan)' });
  });

  it('set covering reports the stations no depot can reach in time', async () => {
    const s = county();
    s.places = s.places.map((p) => (p.id === 'B3' ? { ...p, hasStation: true } : p));
    const r = await locateHubs(s, { model: 'set-cover', maxMinutes: 30, matrix: matrixOf(s), replan: false });
    expect(r.unserved).toEqual([{ stationId: 'B3', reason: 'no depot within 30 min' }]);
    // every other station is within 30 min of the warehouse or a chosen hub
    const m = matrixOf(s);
    const idx = new Map(m.ids.map((id, i) => [id, i]));
    for (const st of s.places.filter((p) => p.kind === 'village' && p.hasStation && p.id !== 'B3')) {
      const t = Math.min(...['W', ...r.hubs].map((d) => m.durationS[idx.get(d)! * m.size + idx.get(st.id)!] / 60));
      expect(t).toBeLessThanOrEqual(30);
    }
  });

  it('capacitated: free hubs open where they shorten trips, dear hubs stay closed', async () => {
    const s = county();
    const m = matrixOf(s);
    const free = await locateHubs(s, { model: 'capacitated', fixedCost: 0, matrix: m, replan: false });
    const inst = buildHubInstance(s, m).inst;
    expect(free.objective).toBeCloseTo(((free.params.costPerParcelHour as number) / 60) * pMedianCost(s, free.hubs), 1);
    expect(free.hubs.length).toBeGreaterThan(0);
    expect(inst.nDepots).toBe(3);
    const dear = await locateHubs(s, { model: 'capacitated', fixedCost: 1e6, matrix: m, replan: false });
    expect(dear.hubs).toEqual([]);
    expect(new Set(Object.values(dear.assignment))).toEqual(new Set(['W']));
    // capacity binds: a hub that can take only 5 parcels/day serves at most 5 parcels/day
    const tight = await locateHubs(s, { model: 'capacitated', fixedCost: 0, capacity: 5, matrix: m, replan: false });
    const w = stationWeights(s);
    for (const h of tight.hubs) {
      const load = Object.entries(tight.assignment)
        .filter(([, d]) => d === h)
        .reduce((a, [st]) => a + (w.get(st) ?? 0), 0);
      expect(load).toBeLessThanOrEqual(5 + 1e-9);
    }
  });

  it('names a bad pin or ban', async () => {
    const s = county();
    await expect(locateHubs(s, { model: 'p-median', p: 1, pinned: ['A1'], matrix: matrixOf(s) })).rejects.toThrow(
      '--pin: "A1" is not a hub or hub candidate of the scenario',
    );
    await expect(locateHubs(s, { model: 'p-median', p: 1, banned: ['X'], matrix: matrixOf(s) })).rejects.toThrow(
      '--ban: "X" is not a hub or hub candidate of the scenario',
    );
    await expect(
      locateHubs(s, { model: 'p-median', p: 1, pinned: ['H'], banned: ['H'], matrix: matrixOf(s) }),
    ).rejects.toThrow('"H" is both pinned and banned');
  });
});

describe('applyLayout (fleet rule)', () => {
  const s = county();
  const m = matrixOf(s);
  it('moves the fleet of a closed hub to the new hub', () => {
    const { scenario, changes } = applyLayout(s, m, ['C']);
    expect(scenario.places.find((p) => p.id === 'C')!.kind).toBe('hub');
    expect(scenario.places.find((p) => p.id === 'H')!.kind).toBe('hub_candidate');
    expect(scenario.fleet.find((f) => f.id === 'hubvan')!.depotId).toBe('C');
    expect(scenario.fleet.find((f) => f.id === 'trunk')!.depotId).toBe('W');
    expect(changes).toEqual([{ fleetId: 'hubvan', action: 'moved', from: 'H', to: 'C' }]);
    // the input scenario is untouched
    expect(s.fleet.find((f) => f.id === 'hubvan')!.depotId).toBe('H');
  });
  it('copies the nearest hub fleet to an extra hub', () => {
    const { scenario, changes } = applyLayout(s, m, ['H', 'C']);
    expect(scenario.fleet.filter((f) => f.depotId === 'H').map((f) => f.id)).toEqual(['hubvan']);
    expect(scenario.fleet.filter((f) => f.depotId === 'C').map((f) => f.id)).toEqual(['hubvan@C']);
    expect(changes).toEqual([{ fleetId: 'hubvan@C', action: 'copied', from: 'H', to: 'C' }]);
  });
  it('sends the fleet of a closed hub to the warehouse when no hub stays open', () => {
    const { scenario } = applyLayout(s, m, []);
    expect(scenario.fleet.find((f) => f.id === 'hubvan')!.depotId).toBe('W');
    expect(scenario.places.filter((p) => p.kind === 'hub')).toEqual([]);
  });
});
