/**
 * `gongpei info <scenario|folder> [--json]`: what a scenario holds — places by kind, townships, carriers,
 * demand days, fleet, road network size and connectivity, synthetic-data flags, and places that cannot be
 * reached by road (with the reason).
 */
import type { Command } from 'commander';
import type { Scenario } from '../../model/types.ts';
import { roadStats, scenarioNetwork, type MatrixOptions, type UnreachableInfo } from '../../network/index.ts';
import { loadScenarioArg } from '../scenario-arg.ts';
import { dataDirOption } from '../store-arg.ts';

export interface ScenarioInfo {
  name: string;
  adminCode: string;
  source: 'folder' | 'store';
  id: string | null;
  places: { warehouse: number; hub: number; hub_candidate: number; station: number; village: number };
  villages: { poverty: number; povertyWithStation: number; large: number; largeWithStation: number };
  townships: number;
  carriers: number;
  demand: {
    rows: number;
    days: number[];
    stationsWithDemand: number;
    parcelsDown: number;
    kgDown: number;
    parcelsUp: number;
    kgUp: number;
    coldRows: number;
  };
  fleet: { rows: number; vehicles: number; coldVehicles: number; trunkVehicles: number; carrierOwnVehicles: number };
  tariffs: number;
  roads: {
    format: Scenario['roads']['format'];
    nodes: number;
    edges: number;
    components: number;
    largestComponentShare: number;
  };
  roadKm: number;
  /** true when there are no roads: travel is straight line × detour factor. */
  estimatedTravel: boolean;
  unreachable: Array<UnreachableInfo & { name: string; kind: string }>;
  synthetic: string[];
}

/** Villages of at least this many residents must have a station (DESIGN.md §2). */
const LARGE_VILLAGE = 500;

export async function scenarioInfo(
  scenario: Scenario,
  source: 'folder' | 'store',
  id: string | null,
  matrixOptions: MatrixOptions = {},
): Promise<ScenarioInfo> {
  const count = (kind: string) => scenario.places.filter((p) => p.kind === kind).length;
  const villages = scenario.places.filter((p) => p.kind === 'village');
  const large = villages.filter((v) => (v.population ?? 0) >= LARGE_VILLAGE);
  const poverty = villages.filter((v) => v.poverty);
  const sum = (f: (r: Scenario['demand'][number]) => number) => round3(scenario.demand.reduce((s, r) => s + f(r), 0));

  // Unreachable places come from the same travel network the planners use (all places, the county's snap
  // limit, connectivity); the matrix is cached on disk, so a later plan reuses it.
  const network = await scenarioNetwork(scenario, matrixOptions);
  const stats = roadStats(network.graph());
  const placeById = new Map(scenario.places.map((p) => [p.id, p]));

  return {
    name: scenario.county.name,
    adminCode: scenario.county.adminCode,
    source,
    id,
    places: {
      warehouse: count('warehouse'),
      hub: count('hub'),
      hub_candidate: count('hub_candidate'),
      station: villages.filter((v) => v.hasStation).length,
      village: villages.length,
    },
    villages: {
      poverty: poverty.length,
      povertyWithStation: poverty.filter((v) => v.hasStation).length,
      large: large.length,
      largeWithStation: large.filter((v) => v.hasStation).length,
    },
    townships: scenario.townships.length,
    carriers: scenario.carriers.length,
    demand: {
      rows: scenario.demand.length,
      days: [...new Set(scenario.demand.map((r) => r.day))].sort((a, b) => a - b),
      stationsWithDemand: new Set(scenario.demand.map((r) => r.stationId)).size,
      parcelsDown: sum((r) => r.parcelsDown),
      kgDown: sum((r) => r.kgDown),
      parcelsUp: sum((r) => r.parcelsUp),
      kgUp: sum((r) => r.kgUp),
      coldRows: scenario.demand.filter((r) => r.cold).length,
    },
    fleet: {
      rows: scenario.fleet.length,
      vehicles: scenario.fleet.reduce((s, f) => s + f.count, 0),
      coldVehicles: scenario.fleet.filter((f) => f.cold).reduce((s, f) => s + f.count, 0),
      trunkVehicles: scenario.fleet.filter((f) => f.type === 'trunk').reduce((s, f) => s + f.count, 0),
      carrierOwnVehicles: scenario.fleet.filter((f) => f.carrierId !== null).reduce((s, f) => s + f.count, 0),
    },
    tariffs: scenario.tariffs.length,
    roads: {
      format: scenario.roads.format,
      nodes: stats.nodes,
      edges: stats.edges,
      components: stats.components,
      largestComponentShare: round3(stats.largestComponentShare),
    },
    roadKm: stats.roadKm,
    estimatedTravel: network.matrix.estimated,
    unreachable: network.matrix.unreachable.map((u) => ({
      ...u,
      name: placeById.get(u.id)?.name ?? '',
      kind: placeById.get(u.id)?.kind ?? '',
    })),
    synthetic: [...scenario.county.synthetic],
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function formatInfo(info: ScenarioInfo): string {
  const p = info.places;
  const v = info.villages;
  const lines = [
    `${info.name} (${info.adminCode || 'no admin code'}) — ${info.source === 'store' ? `stored scenario "${info.id}"` : 'folder'}`,
    `places:     warehouse ${p.warehouse}, hubs ${p.hub}, hub candidates ${p.hub_candidate}`,
    `villages:   ${p.village} villages, ${p.station} with a station (${pct(p.station, p.village)})`,
    `            poverty ${v.povertyWithStation}/${v.poverty} with a station, ${LARGE_VILLAGE}+ residents ${v.largeWithStation}/${v.large}`,
    `townships:  ${info.townships}    carriers: ${info.carriers}    tariff rows: ${info.tariffs}`,
    `demand:     ${info.demand.rows} rows, days ${info.demand.days.length > 0 ? info.demand.days.join(',') : '—'}, ${info.demand.stationsWithDemand} stations; ` +
      `down ${info.demand.parcelsDown} parcels / ${info.demand.kgDown} kg, up ${info.demand.parcelsUp} parcels / ${info.demand.kgUp} kg, ${info.demand.coldRows} cold rows`,
    `fleet:      ${info.fleet.vehicles} vehicles in ${info.fleet.rows} rows (cold ${info.fleet.coldVehicles}, trunk ${info.fleet.trunkVehicles}, carriers' own ${info.fleet.carrierOwnVehicles})`,
    info.estimatedTravel
      ? 'roads:      none — travel times are ESTIMATES (straight line × detour factor)'
      : `roads:      ${info.roads.format}, ${info.roadKm} km, ${info.roads.nodes} junctions, ${info.roads.components} component(s) (largest ${pct(info.roads.largestComponentShare, 1)} of km)`,
    `synthetic:  ${info.synthetic.length > 0 ? info.synthetic.join(', ') : 'none (all data real)'}`,
    `unreachable: ${info.unreachable.length}`,
    ...info.unreachable.map((u) => `  ${u.id} ${u.name} (${u.kind}): ${u.reason} — ${u.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}

function pct(a: number, b: number): string {
  return b > 0 ? `${Math.round((a / b) * 1000) / 10}%` : '—';
}

export function register(program: Command): void {
  program
    .command('info')
    .description('summary of a scenario: places, demand, fleet, roads, connectivity, synthetic data')
    .argument('<scenario>', 'stored scenario id or scenario folder')
    .option('--json', 'print JSON')
    .action(async (arg: string, opts: { json?: boolean }, cmd: Command) => {
      const { scenario, id, source } = await loadScenarioArg(arg, { dataDir: dataDirOption(cmd) });
      // Progress on a terminal only: the first run on a county computes its travel matrix.
      const onProgress = process.stderr.isTTY
        ? (f: number) => process.stderr.write(`\rgongpei: travel matrix ${Math.round(f * 100)}%${f >= 1 ? '\n' : ''}`)
        : undefined;
      const info = await scenarioInfo(scenario, source, id, { onProgress });
      process.stdout.write(opts.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
    });
}
