/**
 * Matrix benchmark: `npm run bench:matrix [-- --quick]`.
 *
 * Time and memory of travel matrices on
 *   - the embedded Daming county (data/counties/daming), all places, as `gongpei matrix` computes it;
 *   - generated counties of 300, 1000 and 3000 stations (src/generate/county.ts, synthetic GeoJSON roads),
 *     matrix among the stops of a daily plan: warehouse, hubs and village stations;
 *   - a dense road lattice of ~14,000 junctions over Daming's area (at least the junction count of a real
 *     county's OSM roads) with 1000 stops, to show the time on a graph of realistic size;
 *   - our typed-array Dijkstra against graphology-shortest-path (single source, same graph);
 *   - a cache hit.
 * Memory: process.memoryUsage() after the run (heap used, rss, array buffers incl. shared) and the
 * process peak rss so far (resourceUsage().maxRSS). Writes bench/results/matrix-latest.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dijkstra } from 'graphology-shortest-path';
import { generateCounty } from '../src/generate/county.ts';
import { readScenarioFolder } from '../src/io/scenario-folder.ts';
import type { RoadCollection, Scenario } from '../src/model/types.ts';
import { matrixRowsKernel, type KernelGraph } from '../src/network/dijkstra.ts';
import {
  buildRoadGraph,
  computeTravelNetwork,
  roadStats,
  scenarioMatrixOptions,
  toGraphology,
  type MatrixPoint,
} from '../src/network/index.ts';
import { attachPoints } from '../src/network/matrix.ts';
import { createRng } from '../src/util/rng.ts';
import { gitCommit } from './git-commit.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const MB = 1024 * 1024;

interface Row {
  case: string;
  points: number;
  graphNodes: number;
  graphEdges: number;
  roadKm: number;
  threads: number;
  /** Building the road graph (once per road source; later runs on the same roads reuse it). */
  graphSeconds: number;
  /** Wall time of the matrix (snapping + search; graph already built). */
  seconds: number;
  /** CPU time of the process (all threads) during the matrix: independent of the machine's load. */
  cpuSeconds: number;
  unreachable: number;
  heapUsedMB: number;
  rssMB: number;
  arrayBuffersMB: number;
  peakRssMB: number;
  matrixMB: number;
  fromCache: boolean;
}

const rows: Row[] = [];

function memory() {
  const m = process.memoryUsage();
  return {
    heapUsedMB: Math.round(m.heapUsed / MB),
    rssMB: Math.round(m.rss / MB),
    arrayBuffersMB: Math.round(m.arrayBuffers / MB),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function stopsOf(s: Scenario): MatrixPoint[] {
  return s.places
    .filter((p) => p.kind === 'warehouse' || p.kind === 'hub' || (p.kind === 'village' && p.hasStation))
    .map((p) => ({ id: p.id, lon: p.lon, lat: p.lat }));
}

async function run(
  label: string,
  points: MatrixPoint[],
  roads: Scenario['roads'],
  opts: Parameters<typeof computeTravelNetwork>[2],
): Promise<void> {
  const graphStarted = performance.now();
  buildRoadGraph(roads);
  const graphSeconds = (performance.now() - graphStarted) / 1000;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const net = await computeTravelNetwork(points, roads, opts);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stats = roadStats(net.graph());
  const row: Row = {
    case: label,
    points: points.length,
    graphNodes: stats.nodes,
    graphEdges: stats.edges,
    roadKm: Math.round(stats.roadKm),
    threads: opts?.threads ?? (points.length * stats.nodes >= 5_000_000 ? Math.min(4, os.availableParallelism()) : 1),
    graphSeconds: Math.round(graphSeconds * 100) / 100,
    seconds: Math.round(seconds * 100) / 100,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    unreachable: net.matrix.unreachable.length,
    ...memory(),
    matrixMB: Math.round((16 * points.length * points.length) / MB),
    fromCache: net.fromCache,
  };
  rows.push(row);
  process.stderr.write(
    `${label}: ${row.points} points, ${row.seconds} s (cpu ${row.cpuSeconds} s), rss ${row.rssMB} MB\n`,
  );
}

/** Jittered lattice of side×side junctions, 300 m apart, mixed classes, a few one-way streets. */
function lattice(side: number, seed: number): RoadCollection {
  const rng = createRng(seed);
  const lon0 = 115.0;
  const lat0 = 36.0;
  const dLat = 300 / 111_195;
  const dLon = dLat / Math.cos((lat0 * Math.PI) / 180);
  const pos = (r: number, c: number): [number, number] => {
    const j = createRng(r * 100_003 + c);
    return [lon0 + (c + (j() - 0.5) * 0.4) * dLon, lat0 + (r + (j() - 0.5) * 0.4) * dLat];
  };
  const features: RoadCollection['features'] = [];
  const classOf = (r: number, c: number, horizontal: boolean) =>
    (horizontal ? r : c) % 20 === 0 ? 'secondary' : (horizontal ? r : c) % 5 === 0 ? 'tertiary' : 'unclassified';
  for (let r = 0; r < side; r++) {
    for (let c = 0; c < side; c++) {
      if (c + 1 < side && rng() > 0.1) {
        features.push({
          type: 'Feature',
          properties: { highway: classOf(r, c, true), ...(rng() < 0.03 ? { oneway: true } : {}) },
          geometry: { type: 'LineString', coordinates: [pos(r, c), pos(r, c + 1)] },
        });
      }
      if (r + 1 < side && rng() > 0.1) {
        features.push({
          type: 'Feature',
          properties: { highway: classOf(r, c, false), ...(rng() < 0.03 ? { oneway: true } : {}) },
          geometry: { type: 'LineString', coordinates: [pos(r, c), pos(r + 1, c)] },
        });
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

async function main(): Promise<void> {
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'gongpei-bench-matrix-'));
  try {
    // 1. Daming, all places (what `gongpei matrix data/counties/daming` computes).
    const daming = readScenarioFolder(path.join(root, 'data/counties/daming'));
    const damingPoints = daming.places.map((p) => ({ id: p.id, lon: p.lon, lat: p.lat }));
    await run('daming (all places)', damingPoints, daming.roads, scenarioMatrixOptions(daming, { cacheDir: null }));

    // 2. Generated counties, stops of a daily plan.
    let county1000: Scenario | null = null;
    for (const stations of quick ? [300, 1000] : [300, 1000, 3000]) {
      const t = performance.now();
      const s = generateCounty({ seed: 1, stations });
      process.stderr.write(`generated ${stations} stations in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
      await run(`generated ${stations} stations`, stopsOf(s), s.roads, scenarioMatrixOptions(s, { cacheDir: null }));
      if (stations === 1000) {
        county1000 = s;
        await run(
          `generated 1000 stations, 2 threads`,
          stopsOf(s),
          s.roads,
          scenarioMatrixOptions(s, { cacheDir: null, threads: 2 }),
        );
      }
    }
    // 5. Cache: first run writes, second reads.
    if (county1000) {
      const opts = scenarioMatrixOptions(county1000, { cacheDir });
      await run('generated 1000 stations, cache write', stopsOf(county1000), county1000.roads, opts);
      await run('generated 1000 stations, cache hit', stopsOf(county1000), county1000.roads, opts);
    }

    // 3. Realistic graph size: 120×120 lattice, 300 m apart (36 × 36 km ≈ Daming's 1,055 km²; ~14,000
    // junctions, ~7,800 road-km): denser than the 4.7 junctions per road-km of north-bayreuth's OSM roads
    // would give for a county of ~3,000 road-km. 1000 random stops.
    const side = quick ? 80 : 120;
    const grid = lattice(side, 9);
    const gridSource = { format: 'geojson' as const, data: grid };
    const rng = createRng(17);
    const bbox = grid.features.flatMap((f) => f.geometry.coordinates);
    const minLon = Math.min(...bbox.map((c) => c[0]));
    const maxLon = Math.max(...bbox.map((c) => c[0]));
    const minLat = Math.min(...bbox.map((c) => c[1]));
    const maxLat = Math.max(...bbox.map((c) => c[1]));
    const gridPoints = Array.from({ length: 1000 }, (_, i) => ({
      id: `s${i}`,
      lon: minLon + rng() * (maxLon - minLon),
      lat: minLat + rng() * (maxLat - minLat),
    }));
    await run(`lattice ${side}×${side}, 1000 stops`, gridPoints, gridSource, { cacheDir: null });
    await run(`lattice ${side}×${side}, 1000 stops, main thread`, gridPoints, gridSource, {
      cacheDir: null,
      threads: 1,
    });

    // 4. Our Dijkstra vs graphology-shortest-path, single source on the lattice (same graph, duration weights).
    const g = buildRoadGraph(gridSource)!;
    const gg = toGraphology(g);
    const sources = 20;
    let t = performance.now();
    for (let s = 0; s < sources; s++) dijkstra.singleSource(gg, String((s * 7919) % g.nodeCount), 'durationS');
    const graphologyMs = (performance.now() - t) / sources;
    // Our kernel with every node a target (no early stop) for a like-for-like full single-source search.
    const allNodes = Array.from({ length: g.nodeCount }, (_, n) => n);
    const snaps = allNodes.map((n) => {
      const arc = g.arcOffset[n] < g.arcOffset[n + 1] ? g.arcOffset[n] : -1;
      if (arc < 0) return null;
      const e = g.arcEdge[arc];
      const atStart = g.edgeFrom[e] === n;
      return { edge: e, alongM: atStart ? 0 : g.edgeLengthM[e], lon: g.nodeLon[n], lat: g.nodeLat[n], distanceM: 0 };
    });
    const kp = attachPoints(
      g,
      snaps,
      Uint8Array.from(snaps, (s) => (s ? 1 : 0)),
      15,
      true,
    );
    const kg: KernelGraph = {
      nodeCount: g.nodeCount,
      arcOffset: g.arcOffset,
      arcTarget: g.arcTarget,
      arcCost: g.arcDurationS,
      arcOther: g.arcLengthM,
    };
    const rowCost = new Float64Array(g.nodeCount);
    const rowOther = new Float64Array(g.nodeCount);
    t = performance.now();
    for (let s = 0; s < sources; s++) {
      const src = (s * 7919) % g.nodeCount;
      matrixRowsKernel(kg, kp, src, src + 1, rowCost, rowOther, null, src);
    }
    const oursMs = (performance.now() - t) / sources;
    const comparison = {
      graph: `lattice ${side}×${side}: ${g.nodeCount} junctions, ${g.arcTarget.length} arcs`,
      sources,
      graphologyShortestPathMsPerSource: Math.round(graphologyMs * 10) / 10,
      typedArrayDijkstraMsPerSource: Math.round(oursMs * 10) / 10,
    };

    const result = {
      date: new Date().toISOString(),
      commit: gitCommit(root),
      machine: {
        cpus: os.availableParallelism(),
        node: process.version,
        loadavg: os.loadavg().map((x) => Math.round(x * 10) / 10),
      },
      rows,
      dijkstraComparison: comparison,
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/matrix-latest.json'), `${JSON.stringify(result, null, 2)}\n`);

    const header =
      '| case | points | graph nodes | road km | graph s | threads | matrix s | matrix cpu s | unreachable | heap MB | rss MB | peak rss MB | matrix MB |';
    console.log(header);
    console.log(header.replace(/[^|]/g, '-'));
    for (const r of rows) {
      console.log(
        `| ${r.case} | ${r.points} | ${r.graphNodes} | ${r.roadKm} | ${r.graphSeconds.toFixed(2)} | ${r.threads} | ${r.seconds.toFixed(2)} | ` +
          `${r.cpuSeconds.toFixed(2)} | ${r.unreachable} | ${r.heapUsedMB} | ${r.rssMB} | ${r.peakRssMB} | ${r.matrixMB} |`,
      );
    }
    console.log(
      `\nSingle-source Dijkstra on ${comparison.graph}: graphology-shortest-path ${comparison.graphologyShortestPathMsPerSource} ms, ` +
        `typed-array kernel ${comparison.typedArrayDijkstraMsPerSource} ms (mean of ${sources} sources)`,
    );
    console.log(`load average during the run: ${result.machine.loadavg.join(', ')} on ${result.machine.cpus} cores`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
