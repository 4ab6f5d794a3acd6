/**
 * Solomon VRPTW reader (100-customer C/R/RC sets and the Homberger–Gehring extensions, same layout).
 *
 * Convention 'dimacs' (default) — the one the distance-only best-known values use (DIMACS 2021 challenge):
 * every edge is the Euclidean distance truncated to one decimal, floor(10·d)/10; travel time = that distance;
 * time windows apply to the start of service; the depot's due date is the latest return; the fleet is the
 * file's (25 for the 100-customer sets) and is not minimised; the objective is total distance.
 * Convention 'exact' keeps double-precision Euclidean (the hierarchical heuristic-literature tables).
 *
 * Location index = CUST NO. (the depot is 0); job ids = the customer numbers as written.
 */
import type { Problem } from '../solver/types.ts';
import { formatError, type InstanceRead } from './vrplib.ts';

export interface SolomonOptions {
  distance?: 'dimacs' | 'exact';
  source?: string;
}

export function readSolomon(text: string, options: SolomonOptions = {}): InstanceRead {
  const source = options.source ?? 'input';
  const lines = text.split('\n').map((raw, i) => ({ no: i + 1, text: raw.replace(/\r$/, '').trim() }));
  const nonEmpty = lines.filter((l) => l.text !== '');
  if (nonEmpty.length === 0) throw formatError(source, 1, 'NAME', 'empty file');
  const name = nonEmpty[0].text;

  const vehicleIdx = nonEmpty.findIndex((l) => /^VEHICLE$/i.test(l.text));
  if (vehicleIdx < 0) throw formatError(source, undefined, 'VEHICLE', 'missing VEHICLE section');
  const fleetHeader = nonEmpty[vehicleIdx + 1];
  const fleetRow = nonEmpty[vehicleIdx + 2];
  if (!fleetHeader || !/NUMBER/i.test(fleetHeader.text) || !fleetRow) {
    throw formatError(source, fleetHeader?.no, 'VEHICLE', 'expected "NUMBER CAPACITY" and a row with two numbers');
  }
  const fleet = fleetRow.text.split(/\s+/).map(Number);
  if (fleet.length !== 2 || fleet.some((x) => !Number.isFinite(x) || x <= 0)) {
    throw formatError(source, fleetRow.no, 'VEHICLE', `expected "<number> <capacity>", got "${fleetRow.text}"`);
  }
  const [fleetSize, capacity] = fleet;

  const customerIdx = nonEmpty.findIndex((l) => /^CUSTOMER$/i.test(l.text));
  if (customerIdx < 0) throw formatError(source, undefined, 'CUSTOMER', 'missing CUSTOMER section');
  const rows = nonEmpty.slice(customerIdx + 1).filter((l) => !/^CUST/i.test(l.text));
  const fields = ['CUST NO.', 'XCOORD.', 'YCOORD.', 'DEMAND', 'READY TIME', 'DUE DATE', 'SERVICE TIME'];
  const nodes = rows.map((row, k) => {
    const t = row.text.split(/\s+/);
    if (t.length !== 7)
      throw formatError(source, row.no, 'CUSTOMER', `expected 7 numbers (${fields.join(', ')}), got "${row.text}"`);
    const v = t.map((x, f) => {
      const n = Number(x);
      if (!Number.isFinite(n)) throw formatError(source, row.no, fields[f], `expected a number, got "${x}"`);
      return n;
    });
    if (v[0] !== k)
      throw formatError(
        source,
        row.no,
        'CUST NO.',
        `customer numbers must run 0, 1, 2, … in order; expected ${k}, got ${t[0]}`,
      );
    if (v[5] < v[4]) throw formatError(source, row.no, 'DUE DATE', `due date ${v[5]} before ready time ${v[4]}`);
    if (v[3] < 0) throw formatError(source, row.no, 'DEMAND', `negative demand ${v[3]}`);
    return { id: t[0], x: v[1], y: v[2], demand: v[3], ready: v[4], due: v[5], service: v[6] };
  });
  if (nodes.length < 2)
    throw formatError(source, nonEmpty[customerIdx].no, 'CUSTOMER', 'needs the depot (0) and at least one customer');

  const size = nodes.length;
  const convention = options.distance ?? 'dimacs';
  const distances = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i === j) continue;
      const d = Math.hypot(nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y);
      // With integer coordinates 10·d is an integer only when d is, so floor() is safe from float noise.
      distances[i * size + j] = convention === 'dimacs' ? Math.floor(10 * d) / 10 : d;
    }
  }
  const depot = nodes[0];
  const jobs: Problem['jobs'] = nodes.slice(1).map((n, k) => ({
    id: n.id,
    location: k + 1,
    delivery: [n.demand],
    pickup: [0],
    service: n.service,
    timeWindows: [[n.ready, n.due]],
    skills: [],
    priority: 0,
  }));
  const problem: Problem = {
    size,
    distances,
    durations: distances, // travel time = distance
    vehicles: [
      {
        id: 'vehicle',
        start: 0,
        end: 0,
        capacity: [capacity],
        skills: [],
        twStart: depot.ready,
        twEnd: depot.due,
        maxDuration: Infinity,
        maxDistance: Infinity,
        fixedCost: 0,
        costPerDistance: 1,
        costPerDuration: 0,
        count: fleetSize,
      },
    ],
    jobs,
  };
  return {
    name,
    problem,
    jobIds: jobs.map((j) => j.id),
    convention:
      convention === 'dimacs'
        ? 'DIMACS: Euclidean truncated to one decimal per edge, travel time = distance, objective = distance'
        : 'double-precision Euclidean, travel time = distance, objective = distance',
  };
}
