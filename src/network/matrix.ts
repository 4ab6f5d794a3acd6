/**
 * Travel matrices among points: on a road graph (snapping + many-to-many Dijkstra) or, without roads,
 * straight line × detour factor (flagged `estimated`). Results are cached on disk by content hash.
 */
import { availableParallelism } from 'node:os';
import type { RoadSource } from '../model/types.ts';
import { readMatrixCache, matrixCacheKey, writeMatrixCache, defaultCacheDir } from './cache.ts';
import { matrixRowsKernel, type KernelGraph, type KernelPoints } from './dijkstra.ts';
import { formatMeters, haversineM } from './geo.ts';
import { buildRoadGraph, type RoadGraph } from './graph.ts';
import { runKernelParallel } from './matrix-workers.ts';
import { snapIndexOf, type RoadSnap } from './snap.ts';
import type { MatrixPoint, SnapInfo, TravelMatrix, UnreachableInfo } from './types.ts';
import { TRAVEL_DEFAULTS } from '../model/defaults.ts';

export interface MatrixOptions {
  /** Without roads: road km = straight-line km × detourFactor. Default 1.4. */
  detourFactor?: number;
  /** Without roads: travel speed. Default 40 km/h. */
  defaultSpeedKmh?: number;
  /** A point farther than this from every road is unreachable (reason off_road). Default 1000 m. */
  maxSnapMeters?: number;
  /** Speed on the off-road connector from a place to its snap point (added both ways). Default 15 km/h. */
  connectorSpeedKmh?: number;
  /**
   * What a route minimises: 'duration' (fastest, default) or 'distance' (shortest). The other measure is
   * summed along the same route, so both matrices describe one drivable path.
   */
  metric?: 'duration' | 'distance';
  /** Cache directory; null disables the cache. Default $GONGPEI_CACHE_DIR or .cache/matrices. */
  cacheDir?: string | null;
  /**
   * Threads for the many-to-many search, the main thread included (0 or 1 = main thread only).
   * Default: all cores (at most 4) when points × graph nodes ≥ 5 million, else 1.
   */
  threads?: number;
  /** Called with the fraction done (0..1) during long work. */
  onProgress?: (fraction: number) => void;
}

export const MATRIX_DEFAULTS = {
  ...TRAVEL_DEFAULTS,
  connectorSpeedKmh: 15,
  metric: 'duration',
} as const;

/** A snap point this close (m) to an edge end is at that junction. */
export const AT_JUNCTION_M = 0.5;

/** Search work (points × graph nodes) from which worker threads are used by default (~1 s on one core). */
const PARALLEL_WORK = 5_000_000;

/** A matrix with what is needed to draw its legs along roads (see legPath in ./legs.ts). */
export interface TravelNetwork {
  matrix: TravelMatrix;
  points: MatrixPoint[];
  /** The road graph (built on first use after a cache hit); null without roads. */
  graph(): RoadGraph | null;
  /** Where each point meets the road (null: no roads, or off road). */
  snap(id: string): RoadSnap | null;
  options: ResolvedOptions;
  /** true when the matrix came from the disk cache. */
  fromCache: boolean;
}

export interface ResolvedOptions {
  detourFactor: number;
  defaultSpeedKmh: number;
  maxSnapMeters: number;
  connectorSpeedKmh: number;
  metric: 'duration' | 'distance';
}

function resolveOptions(options: MatrixOptions): ResolvedOptions {
  const metric = options.metric ?? MATRIX_DEFAULTS.metric;
  if (metric !== 'duration' && metric !== 'distance') {
    throw new Error(`matrix option metric: must be "duration" or "distance", got ${JSON.stringify(metric)}`);
  }
  const o = {
    detourFactor: options.detourFactor ?? MATRIX_DEFAULTS.detourFactor,
    defaultSpeedKmh: options.defaultSpeedKmh ?? MATRIX_DEFAULTS.defaultSpeedKmh,
    maxSnapMeters: options.maxSnapMeters ?? MATRIX_DEFAULTS.maxSnapMeters,
    connectorSpeedKmh: options.connectorSpeedKmh ?? MATRIX_DEFAULTS.connectorSpeedKmh,
  };
  for (const [k, v] of Object.entries(o)) {
    if (!(Number.isFinite(v) && v > 0)) throw new Error(`matrix option ${k}: must be a positive number, got ${v}`);
  }
  if (o.detourFactor < 1) throw new Error(`matrix option detourFactor: must be ≥ 1, got ${o.detourFactor}`);
  return { ...o, metric };
}

function checkPoints(points: MatrixPoint[]): void {
  const seen = new Set<string>();
  points.forEach((pt, i) => {
    if (seen.has(pt.id)) throw new Error(`matrix point ${i}: id: duplicate id "${pt.id}"`);
    seen.add(pt.id);
    if (!Number.isFinite(pt.lon) || !Number.isFinite(pt.lat) || Math.abs(pt.lon) > 180 || Math.abs(pt.lat) > 90) {
      throw new Error(`matrix point ${i} ("${pt.id}"): lon/lat: invalid position ${pt.lon}, ${pt.lat}`);
    }
  });
}

/** Matrix among points; see computeTravelNetwork. */
export async function computeTravelMatrix(
  points: MatrixPoint[],
  roads: RoadSource | null,
  options: MatrixOptions = {},
): Promise<TravelMatrix> {
  return (await computeTravelNetwork(points, roads, options)).matrix;
}

/**
 * Matrix among points plus the snapping and graph behind it. Roads null or { format: 'none' } →
 * straight-line estimate. With a cache directory, an identical request (same roads, points, options)
 * is read back from disk; an unreadable cache file is ignored and rewritten.
 */
export async function computeTravelNetwork(
  points: MatrixPoint[],
  roads: RoadSource | null,
  options: MatrixOptions = {},
): Promise<TravelNetwork> {
  checkPoints(points);
  const opts = resolveOptions(options);
  const source: RoadSource = roads ?? { format: 'none' };
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const key = cacheDir ? matrixCacheKey(source, points, opts) : '';
  let graph: RoadGraph | null | undefined;
  let snaps: Array<RoadSnap | null> | undefined;
  const getGraph = () => (graph === undefined ? (graph = buildRoadGraph(source)) : graph);
  const getSnaps = () => {
    if (snaps === undefined) {
      const g = getGraph();
      const index = g ? snapIndexOf(g) : null;
      snaps = points.map((pt) => (index ? index.nearest(pt.lon, pt.lat, opts.maxSnapMeters) : null));
    }
    return snaps;
  };
  const byId = new Map(points.map((pt, i) => [pt.id, i]));
  const network = (matrix: TravelMatrix, fromCache: boolean): TravelNetwork => ({
    matrix,
    points,
    graph: getGraph,
    snap: (id) => {
      const i = byId.get(id);
      if (i === undefined) throw new Error(`unknown point id "${id}"`);
      if (matrix.unreachable.some((u) => u.id === id && u.reason === 'off_road')) return null;
      return getSnaps()[i] ?? null;
    },
    options: opts,
    fromCache,
  });

  if (cacheDir) {
    const cached = readMatrixCache(cacheDir, key, points);
    if (cached) {
      options.onProgress?.(1);
      return network(cached, true);
    }
  }
  const matrix =
    source.format === 'none'
      ? straightLineMatrix(points, opts)
      : await roadMatrix(points, getGraph()!, getSnaps(), opts, options);
  if (cacheDir) writeMatrixCache(cacheDir, key, matrix);
  options.onProgress?.(1);
  return network(matrix, false);
}

/** Straight line × detour factor at the default speed; estimated = true. */
export function straightLineMatrix(
  points: MatrixPoint[],
  options: Pick<MatrixOptions, 'detourFactor' | 'defaultSpeedKmh'> = {},
): TravelMatrix {
  const detour = options.detourFactor ?? MATRIX_DEFAULTS.detourFactor;
  const speedMs = (options.defaultSpeedKmh ?? MATRIX_DEFAULTS.defaultSpeedKmh) / 3.6;
  const size = points.length;
  const distanceM = new Float64Array(size * size);
  const durationS = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const d = haversineM(points[i].lon, points[i].lat, points[j].lon, points[j].lat) * detour;
      distanceM[i * size + j] = distanceM[j * size + i] = d;
      durationS[i * size + j] = durationS[j * size + i] = d / speedMs;
    }
  }
  return {
    ids: points.map((p) => p.id),
    size,
    distanceM,
    durationS,
    estimated: true,
    snaps: points.map((p) => ({ id: p.id, node: -1, snapDistanceM: 0 })),
    unreachable: [],
  };
}

async function roadMatrix(
  points: MatrixPoint[],
  graph: RoadGraph,
  snaps: Array<RoadSnap | null>,
  opts: ResolvedOptions,
  options: MatrixOptions,
): Promise<TravelMatrix> {
  const count = points.length;
  const unreachable: UnreachableInfo[] = [];
  const snapInfo: SnapInfo[] = [];
  const active = new Uint8Array(count);

  // 1. Off-road points.
  points.forEach((pt, i) => {
    const s = snaps[i];
    if (!s) {
      snapInfo.push({ id: pt.id, node: -1, snapDistanceM: Infinity });
      unreachable.push({ id: pt.id, reason: 'off_road', detail: 'the road data has no road a van can stop on' });
      return;
    }
    const nearEnd = s.alongM <= graph.edgeLengthM[s.edge] / 2 ? graph.edgeFrom[s.edge] : graph.edgeTo[s.edge];
    const offRoad = s.distanceM > opts.maxSnapMeters;
    // node: the nearer junction of the edge the point is attached to; −1 when it is not attached.
    snapInfo.push({ id: pt.id, node: offRoad ? -1 : nearEnd, snapDistanceM: s.distanceM });
    if (offRoad) {
      unreachable.push({
        id: pt.id,
        reason: 'off_road',
        detail: `${formatMeters(s.distanceM)} from the nearest road (limit ${formatMeters(opts.maxSnapMeters)})`,
      });
    } else active[i] = 1;
  });

  // 2. Points on a road component other than the one holding most points.
  // Only active points are asked for, and every active point is snapped (-1 would be no component).
  const componentOf = (i: number) => {
    const s = snaps[i];
    return s ? graph.nodeComponent[graph.edgeFrom[s.edge]] : -1;
  };
  const perComponent = new Map<number, number>();
  for (let i = 0; i < count; i++)
    if (active[i]) perComponent.set(componentOf(i), (perComponent.get(componentOf(i)) ?? 0) + 1);
  let mainComponent = -1;
  let mainCount = 0;
  for (const [c, k] of perComponent) {
    if (k > mainCount || (k === mainCount && c < mainComponent)) {
      mainComponent = c;
      mainCount = k;
    }
  }
  const disconnected = new Set<number>();
  for (let i = 0; i < count; i++) {
    if (!active[i] || componentOf(i) === mainComponent) continue;
    disconnected.add(i);
    const c = componentOf(i);
    unreachable.push({
      id: points[i].id,
      reason: 'disconnected',
      detail:
        `its road (${graph.componentNodeCount[c]} junctions, with ${perComponent.get(c)} of the places) is not connected ` +
        `to the road network that ${mainCount} of the ${count} places are on`,
    });
  }

  // 3. Attach points to the graph and run the many-to-many search.
  const byDuration = opts.metric === 'duration';
  const kp = attachPoints(graph, snaps, active, opts.connectorSpeedKmh, byDuration);
  const kg: KernelGraph = {
    nodeCount: graph.nodeCount,
    arcOffset: graph.arcOffset,
    arcTarget: graph.arcTarget,
    arcCost: byDuration ? graph.arcDurationS : graph.arcLengthM,
    arcOther: byDuration ? graph.arcLengthM : graph.arcDurationS,
  };
  // Worker start-up costs ~0.1 s of CPU: worth it only for enough search work (rows × graph nodes).
  const threads =
    options.threads ?? (count * graph.nodeCount >= PARALLEL_WORK ? Math.min(4, availableParallelism()) : 1);
  const useWorkers = threads > 1 && count > 1;
  // With workers the result is written straight into shared memory (no second copy of a large matrix).
  const alloc = (): Float64Array =>
    useWorkers ? new Float64Array(new SharedArrayBuffer(8 * count * count)) : new Float64Array(count * count);
  const durationS = alloc();
  const distanceM = alloc();
  const [costOut, otherOut] = byDuration ? [durationS, distanceM] : [distanceM, durationS];
  const report = options.onProgress;
  let done = false;
  if (useWorkers) {
    try {
      await runKernelParallel(kg, kp, costOut, otherOut, threads - 1, (rows) => report?.(rows / count));
      done = true;
    } catch (err) {
      // Workers unavailable (sandbox, resource limits): the main thread computes the same result.
      process.emitWarning(`matrix worker threads failed (${(err as Error).message}); computing on the main thread`);
    }
  }
  if (!done) {
    const step = Math.max(1, Math.floor(count / 100));
    matrixRowsKernel(kg, kp, 0, count, costOut, otherOut, (row) => {
      if (report && (row + 1) % step === 0) report((row + 1) / count);
    });
  }

  // 4. One-way roads can still cut places off inside the main component. Reachability is transitive,
  // so "reachable both ways" splits the places into classes; the largest class is the served network,
  // every place outside it is reported.
  const inMain: number[] = [];
  for (let i = 0; i < count; i++) if (active[i] && !disconnected.has(i)) inMain.push(i);
  const both = (i: number, j: number) => durationS[i * count + j] !== Infinity && durationS[j * count + i] !== Infinity;
  const classes: number[][] = [];
  for (const i of inMain) {
    const home = classes.find((c) => both(c[0], i));
    if (home) home.push(i);
    else classes.push([i]);
  }
  const core = new Set(classes.reduce<number[]>((best, c) => (c.length > best.length ? c : best), []));
  for (const i of inMain) {
    if (core.has(i)) continue;
    let noTo = 0;
    let noFrom = 0;
    for (const j of core) {
      if (durationS[i * count + j] === Infinity) noTo++;
      if (durationS[j * count + i] === Infinity) noFrom++;
    }
    unreachable.push({
      id: points[i].id,
      reason: 'no_route',
      detail: `one-way roads: no route to ${noTo} and from ${noFrom} of the ${core.size} places of the main network`,
    });
  }
  return {
    ids: points.map((p) => p.id),
    size: count,
    distanceM,
    durationS,
    estimated: false,
    snaps: snapInfo,
    unreachable,
  };
}

/** Seeds and targets of each point on the graph (see KernelPoints), costed by duration or by distance. */
export function attachPoints(
  graph: RoadGraph,
  snaps: Array<RoadSnap | null>,
  active: Uint8Array,
  connectorSpeedKmh: number,
  byDuration: boolean,
): KernelPoints {
  const count = snaps.length;
  const kp: KernelPoints = {
    count,
    active,
    srcNode: new Int32Array(2 * count).fill(-1),
    srcCost: new Float64Array(2 * count),
    srcOther: new Float64Array(2 * count),
    tgtNode: new Int32Array(2 * count).fill(-1),
    tgtCost: new Float64Array(2 * count),
    tgtOther: new Float64Array(2 * count),
    edge: new Int32Array(count).fill(-1),
    alongM: new Float64Array(count),
    costPerM: new Float64Array(count),
    otherPerM: new Float64Array(count),
    edgeDir: new Int8Array(count),
    connCost: new Float64Array(count),
    connOther: new Float64Array(count),
  };
  const connectorMs = connectorSpeedKmh / 3.6;
  for (let i = 0; i < count; i++) {
    const s = snaps[i];
    if (!s || !active[i]) continue;
    const e = s.edge;
    const len = graph.edgeLengthM[e];
    const pace = len > 0 ? graph.edgeDurationS[e] / len : 0;
    const costPerM = byDuration ? pace : 1;
    const otherPerM = byDuration ? 1 : pace;
    const dir = graph.edgeDir[e];
    const toStart = s.alongM;
    const toEnd = len - s.alongM;
    const connDur = s.distanceM / connectorMs;
    const cCost = byDuration ? connDur : s.distanceM;
    const cOther = byDuration ? s.distanceM : connDur;
    kp.edge[i] = e;
    kp.alongM[i] = s.alongM;
    kp.costPerM[i] = costPerM;
    kp.otherPerM[i] = otherPerM;
    kp.edgeDir[i] = dir;
    kp.connCost[i] = cCost;
    kp.connOther[i] = cOther;
    // A point at a junction (within AT_JUNCTION_M) is that junction: any direction of the edge is fine.
    const atStart = toStart <= AT_JUNCTION_M;
    const atEnd = toEnd <= AT_JUNCTION_M;
    // Slot 2i: the edge's start node; slot 2i+1: its end node.
    if (dir !== 1 || atStart) {
      kp.srcNode[2 * i] = graph.edgeFrom[e];
      kp.srcCost[2 * i] = cCost + toStart * costPerM;
      kp.srcOther[2 * i] = cOther + toStart * otherPerM;
    }
    if (dir !== 1 || atEnd) {
      kp.tgtNode[2 * i + 1] = graph.edgeTo[e];
      kp.tgtCost[2 * i + 1] = cCost + toEnd * costPerM;
      kp.tgtOther[2 * i + 1] = cOther + toEnd * otherPerM;
    }
    if (dir !== -1 || atEnd) {
      kp.srcNode[2 * i + 1] = graph.edgeTo[e];
      kp.srcCost[2 * i + 1] = cCost + toEnd * costPerM;
      kp.srcOther[2 * i + 1] = cOther + toEnd * otherPerM;
    }
    if (dir !== -1 || atStart) {
      kp.tgtNode[2 * i] = graph.edgeFrom[e];
      kp.tgtCost[2 * i] = cCost + toStart * costPerM;
      kp.tgtOther[2 * i] = cOther + toStart * otherPerM;
    }
  }
  return kp;
}
