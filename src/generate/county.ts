/**
 * County generator: a whole Scenario from a seed. Two uses:
 *  - the embedded default county (Daming): real township seats and real village names/codes are passed in,
 *    everything else (village positions, population, poverty, stations, demand, fleet, tariffs, roads) is
 *    synthesized;
 *  - synthetic counties of any size for benchmarks: `generateCounty({ seed, stations: N })`.
 * Deterministic: the same options give the same scenario, byte for byte once written.
 */
import { Delaunay } from 'd3-delaunay';
import { DEFAULT_TARGETS } from '../model/schemas.ts';
import type { CountySettings, Place, Scenario, Township } from '../model/types.ts';
import { createRng } from '../util/rng.ts';
import {
  bufferedHull,
  clipByConvex,
  dist,
  localProjection,
  pointInPolygon,
  round6,
  signedArea,
  SpacingGrid,
  type XY,
} from './geo.ts';
import { buildRoadNetwork, type DetourStats, type RoadNode } from './roads.ts';
import { CARRIERS, gaussian, sampleDemand, sampleFleet, sampleTariffs } from './samples.ts';

/** A real (or given) village-level unit. */
export interface VillageUnit {
  /** 12-digit admin code (becomes the place id). */
  code: string;
  /** Official name, e.g. 张庄村村民委员会 / 北关社区居民委员会. */
  name: string;
  /** Township id. */
  township: string;
  /** Urban community (居民委员会) rather than a rural village (村民委员会). */
  community: boolean;
}

export interface GenerateCountyOptions {
  seed: number;
  /** Synthetic county: exact number of village stations (villages ≈ stations / stationShare). */
  stations?: number;
  /** Real township seats; synthesized when absent. */
  townships?: Township[];
  /** Real village-level units; synthesized when absent (then `stations` is required). */
  villages?: VillageUnit[];
  name?: string;
  adminCode?: string;
  /** Township hosting the county warehouse; default: the seat nearest the middle of the county. */
  warehouseTownship?: string;
  warehouseId?: string;
  /** Number of township hubs; default 5 for ~600 villages, scaled with the county. */
  hubs?: number;
  /** Share of villages with a station when `stations` is not given (default 0.55). */
  stationShare?: number;
  /** Share of all village-level units that are poverty villages (default 0.15). */
  povertyShare?: number;
  /** Villages of 500+ residents deliberately left without a station (default 4). */
  deliberateGaps?: number;
  /**
   * County outline to place villages in ([lon, lat] ring, e.g. a real boundary read at generation time;
   * may be concave). Default: the convex hull of the seats, buffered to `areaKm2`.
   */
  outline?: [number, number][];
  /** Area the synthesized outline should have (km²); default 1.58 km² per village (Daming's density). */
  areaKm2?: number;
  /** Centre of a synthetic county [lon, lat]. */
  centre?: [number, number];
  horizonDays?: number;
  /** Median road / straight-line ratio between villages. */
  targetDetour?: number;
  synthetic?: string[];
  notes?: string;
}

export interface GenerationReport {
  /** 'hull' = synthesized buffered hull of the seats; 'given' = options.outline. */
  outlineSource: 'hull' | 'given';
  /** County outline used for clipping (closed ring, [lon, lat]). */
  outline: [number, number][];
  outlineAreaKm2: number;
  /** Township zones: Voronoi cells of the seats clipped to the outline (closed rings, [lon, lat]). */
  zones: Record<string, [number, number][]>;
  /** Villages of 500+ residents deliberately left without a station. */
  deliberateGaps: string[];
  detour: DetourStats;
  villageRoadFactor: number;
  roadKm: number;
  roadEdges: number;
  /** Smallest distance between two villages (m). */
  minVillageSpacingM: number;
}

const KM2_PER_VILLAGE = 1.58; // Daming: 1,055 km² / 668 village-level units
const MIN_SPACING_M = 300;
const CELL_MARGIN_M = 150;

/** Independent random stream per part, so that changing one part does not reshuffle the others. */
function stream(seed: number, label: string): () => number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 16777619);
  return createRng(h >>> 0);
}

export function generateCounty(options: GenerateCountyOptions): Scenario {
  return generateCountyWithReport(options).scenario;
}

/** The county's geometry: seats, projection, outline and township zones (steps 1–3). */
interface Geometry {
  townships: Township[];
  proj: ReturnType<typeof localProjection>;
  seatXY: XY[];
  townshipIndex: Map<string, number>;
  outline: XY[];
  givenOutline: XY[] | null;
  cells: XY[][];
  inZone: (p: XY, ti: number) => boolean;
  whIndex: number;
  whXY: XY;
}

export function generateCountyWithReport(options: GenerateCountyOptions): {
  scenario: Scenario;
  report: GenerationReport;
} {
  const seed = options.seed;
  const stationShare = options.stationShare ?? 0.55;
  if (!options.villages && !options.stations)
    throw new Error('generateCounty: give `stations` (synthetic county) or `villages` (real units)');
  if (options.stations !== undefined && (!Number.isInteger(options.stations) || options.stations < 10)) {
    throw new Error(`generateCounty: stations must be an integer ≥ 10, got ${options.stations}`);
  }
  const villageCount = options.villages?.length ?? Math.round(options.stations! / stationShare);
  const areaKm2 = options.areaKm2 ?? villageCount * KM2_PER_VILLAGE;
  const geo = countyGeometry(options, villageCount, areaKm2);
  // 4. Village-level units.
  const units = options.villages ?? synthesizeVillages(seed, villageCount, geo.townships, geo.cells, geo.whIndex);
  for (const u of units) {
    if (!geo.townshipIndex.has(u.township))
      throw new Error(`generateCounty: village ${u.code} has unknown township ${u.township}`);
  }
  const posXY = placeVillages(seed, geo, units);
  // Rounded positions are the truth from here on (files hold 6 decimals; roads meet places exactly).
  const lonLat = new Map<string, [number, number]>();
  for (const u of units) {
    const [x, y] = posXY.get(u.code)!;
    const [lon, lat] = geo.proj.toLonLat(x, y);
    lonLat.set(u.code, [round6(lon), round6(lat)]);
  }
  const { population, poverty } = populationAndPoverty(options, units, posXY, geo.whXY);
  const { stationSet, gaps } = chooseStations(options, units, population, poverty, stationShare);
  const hubIdx = chooseHubs(
    options,
    geo,
    units.map((u) => posXY.get(u.code)!),
    areaKm2,
  );
  const countyName = options.name ?? `合成县 S${seed}`;
  const warehouseId = options.warehouseId ?? 'WH';
  const { places, hubIds, villagePlaces } = buildPlaces(geo, hubIdx, units, {
    countyName,
    warehouseId,
    lonLat,
    population,
    poverty,
    stationSet,
  });

  // 9. Demand (7 days), service-limit overrides for small remote stations, fleet, tariffs.
  const stations = villagePlaces.filter((p) => p.hasStation);
  const horizonDays = options.horizonDays ?? 7;
  const { rows: demand, meanDaily } = sampleDemand(stations, horizonDays, stream(seed, 'demand'));
  setServiceLimits(seed, stations, meanDaily, posXY, geo.whXY);

  // 10. Roads over seats + villages.
  const roadNodes: RoadNode[] = [
    ...geo.townships.map((t) => ({ lon: t.lon, lat: t.lat, role: 'seat' as const, name: t.name })),
    ...units.map((u) => {
      const [lon, lat] = lonLat.get(u.code)!;
      return { lon, lat, role: u.community ? ('community' as const) : ('village' as const) };
    }),
  ];
  const network = buildRoadNetwork({
    nodes: roadNodes,
    warehouseNode: geo.whIndex,
    rng: stream(seed, 'roads'),
    targetDetour: options.targetDetour,
  });
  const scenario: Scenario = {
    county: countySettings(options, geo, countyName, horizonDays, stations.length),
    townships: geo.townships.map((t) => ({ ...t })),
    places,
    carriers: CARRIERS.map((c) => ({ ...c })),
    demand,
    fleet: sampleFleet(warehouseId, hubIds, stations.length),
    tariffs: sampleTariffs(),
    roads: { format: 'geojson', data: network.roads },
  };
  return { scenario, report: generationReport(geo, units, posXY, gaps, network) };
}

function countyGeometry(options: GenerateCountyOptions, villageCount: number, areaKm2: number): Geometry {
  // 1. Township seats.
  const townships =
    options.townships ?? synthesizeTownships(options.seed, villageCount, areaKm2, options.centre ?? [115.9, 35.9]);
  if (townships.length < 2) throw new Error('generateCounty: need at least 2 townships');
  const mid: [number, number] = [
    townships.reduce((s, t) => s + t.lon, 0) / townships.length,
    townships.reduce((s, t) => s + t.lat, 0) / townships.length,
  ];
  const proj = localProjection(mid[0], mid[1]);
  const seatXY: XY[] = townships.map((t) => proj.toXY(t.lon, t.lat));
  const townshipIndex = new Map(townships.map((t, i) => [t.id, i]));

  // 2. Outline: convex buffered hull of the seats, buffer chosen so that its area matches the county's.
  let lo = 500;
  let hi = 30_000;
  for (let it = 0; it < 40; it++) {
    const m = (lo + hi) / 2;
    if (signedArea(bufferedHull(seatXY, m)) / 1e6 < areaKm2) lo = m;
    else hi = m;
  }
  const givenOutline = options.outline ? options.outline.map(([lon, lat]) => proj.toXY(lon, lat)) : null;
  if (givenOutline && givenOutline.length > 3 && dist(givenOutline[0], givenOutline[givenOutline.length - 1]) < 1e-6)
    givenOutline.pop();
  const outline = givenOutline ?? bufferedHull(seatXY, (lo + hi) / 2);
  if (givenOutline) {
    for (const t of townships) {
      if (!pointInPolygon(proj.toXY(t.lon, t.lat), givenOutline))
        throw new Error(`generateCounty: township seat ${t.id} ${t.name} is outside the given outline`);
    }
  }

  // 3. Township zones: Voronoi cells of the seats, clipped to the outline (a concave given outline is
  //    clipped by each convex cell; the convex hull clips the cells).
  const xs = outline.map((p) => p[0]);
  const ys = outline.map((p) => p[1]);
  const bounds = [Math.min(...xs) - 1, Math.min(...ys) - 1, Math.max(...xs) + 1, Math.max(...ys) + 1] as const;
  const voronoi = Delaunay.from(seatXY).voronoi([...bounds]);
  const rawCells: XY[][] = townships.map((_, i) => {
    const ring = (voronoi.cellPolygon(i) as XY[]).slice(0, -1);
    return signedArea(ring) < 0 ? ring.reverse() : ring;
  });
  const cells: XY[][] = rawCells.map((ring) =>
    givenOutline ? clipByConvex(givenOutline, ring) : clipByConvex(ring, outline),
  );
  const inZone = (p: XY, ti: number): boolean =>
    givenOutline ? pointInPolygon(p, rawCells[ti]) && pointInPolygon(p, givenOutline) : pointInPolygon(p, cells[ti]);

  const warehouseTownship = options.warehouseTownship ?? townships[nearestIndex(seatXY, [0, 0])].id;
  const whIndex = townshipIndex.get(warehouseTownship);
  if (whIndex === undefined) throw new Error(`generateCounty: unknown warehouse township ${warehouseTownship}`);
  return {
    townships,
    proj,
    seatXY,
    townshipIndex,
    outline,
    givenOutline,
    cells,
    inZone,
    whIndex,
    whXY: seatXY[whIndex],
  };
}

/**
 * 5. Positions: communities around the seat, villages spread over the zone, ≥ 300 m apart, a margin inside the zone
 * so that every village is unambiguously in its township's cell.
 */
function placeVillages(seed: number, geo: Geometry, units: VillageUnit[]): Map<string, XY> {
  const { seatXY, cells } = geo;
  const rngPos = stream(seed, 'positions');
  const grid = new SpacingGrid(1000);
  for (const s of seatXY) grid.add(s);
  const posXY = new Map<string, XY>();
  // For a point inside seat i's cell, the second-nearest seat is a Delaunay neighbour of i.
  const seatDelaunay = Delaunay.from(seatXY);
  const seatNeighbours = seatXY.map((_, i) => [...seatDelaunay.neighbors(i)]);
  const nearestSeatOk = (p: XY, own: number): boolean => {
    const dOwn = dist(p, seatXY[own]);
    for (const j of seatNeighbours[own]) if (dist(p, seatXY[j]) - dOwn < CELL_MARGIN_M) return false;
    return true;
  };
  geo.townships.forEach((t, ti) => {
    const cell = cells[ti];
    const members = units.filter((u) => u.township === t.id);
    const cellArea = Math.max(1, Math.abs(signedArea(cell)));
    const cxs = cell.map((p) => p[0]);
    const cys = cell.map((p) => p[1]);
    const box = [Math.min(...cxs), Math.min(...cys), Math.max(...cxs), Math.max(...cys)] as const;
    const communities = members.filter((u) => u.community);
    const rural = members.filter((u) => !u.community);
    // Town communities: within a radius that gives each ~0.3 km².
    const townRadius = Math.max(1200, Math.sqrt((communities.length * 0.3e6) / Math.PI));
    const place = (list: VillageUnit[], sampler: () => XY, startSpacing: number) => {
      let spacing = startSpacing;
      for (const u of list) {
        let attempts = 0;
        for (;;) {
          const p = sampler();
          attempts++;
          if (geo.inZone(p, ti) && nearestSeatOk(p, ti) && grid.isFree(p, spacing)) {
            grid.add(p);
            posXY.set(u.code, p);
            break;
          }
          if (attempts % 300 === 0) spacing = Math.max(MIN_SPACING_M, spacing * 0.85);
          if (attempts > 200_000) throw new Error(`generateCounty: cannot place village ${u.code} in township ${t.id}`);
        }
      }
    };
    place(
      communities,
      () => {
        const r = townRadius * Math.sqrt(rngPos());
        const a = 2 * Math.PI * rngPos();
        return [seatXY[ti][0] + r * Math.cos(a), seatXY[ti][1] + r * Math.sin(a)];
      },
      420,
    );
    place(
      rural,
      () => [box[0] + (box[2] - box[0]) * rngPos(), box[1] + (box[3] - box[1]) * rngPos()],
      Math.max(MIN_SPACING_M, 0.62 * Math.sqrt(cellArea / Math.max(1, members.length))),
    );
  });
  return posXY;
}

/** 6. Population (log-normal), poverty (~15%, leaning to small and remote villages). */
function populationAndPoverty(
  options: GenerateCountyOptions,
  units: VillageUnit[],
  posXY: Map<string, XY>,
  whXY: XY,
): { population: Map<string, number>; poverty: Set<string> } {
  const rngPop = stream(options.seed, 'population');
  const population = new Map<string, number>();
  for (const u of units) {
    const raw = u.community ? 2600 * Math.exp(0.45 * gaussian(rngPop)) : 380 * Math.exp(0.7 * gaussian(rngPop));
    const clamped = u.community ? Math.min(9000, Math.max(900, raw)) : Math.min(4500, Math.max(120, raw));
    population.set(u.code, Math.round(clamped / 10) * 10);
  }
  const rural = units.filter((u) => !u.community);
  const povertyCount = Math.round((options.povertyShare ?? 0.15) * units.length);
  const rngPoverty = stream(options.seed, 'poverty');
  const poverty = new Set(
    weightedSample(
      rural,
      (u) => (1 / Math.sqrt(population.get(u.code)!)) * (1 + dist(posXY.get(u.code)!, whXY) / 15_000),
      Math.min(povertyCount, rural.length),
      rngPoverty,
    ).map((u) => u.code),
  );
  return { population, poverty };
}

/**
 * 7. Stations: every poverty village and every 500+ village, except a few deliberate gaps; filled up (weighted by
 * population) to the station share. May lower the population of the smallest large villages (see below).
 */
function chooseStations(
  options: GenerateCountyOptions,
  units: VillageUnit[],
  population: Map<string, number>,
  poverty: Set<string>,
  stationShare: number,
): { stationSet: Set<string>; gaps: Set<string> } {
  const rngStations = stream(options.seed, 'stations');
  const rural = units.filter((u) => !u.community);
  const targetStations = options.stations ?? Math.round(stationShare * units.length);
  const gapCount = options.deliberateGaps ?? 4;
  const gapCandidates = rural.filter(
    (u) => !poverty.has(u.code) && population.get(u.code)! >= 500 && population.get(u.code)! < 1200,
  );
  const gaps = new Set(
    weightedSample(gapCandidates, () => 1, Math.min(gapCount, gapCandidates.length), rngStations).map((u) => u.code),
  );
  const isLarge = (u: VillageUnit) => population.get(u.code)! >= 500;
  let required = units.filter((u) => (poverty.has(u.code) || isLarge(u)) && !gaps.has(u.code));
  if (required.length > targetStations) {
    // Too many large villages for the wanted station count: the smallest of them become sub-500 villages.
    const demotable = required
      .filter((u) => !poverty.has(u.code) && !u.community)
      .sort((a, b) => population.get(a.code)! - population.get(b.code)! || (a.code < b.code ? -1 : 1));
    let excess = required.length - targetStations;
    for (const u of demotable) {
      if (excess <= 0) break;
      population.set(u.code, 300 + 10 * Math.floor(rngStations() * 20));
      excess--;
    }
    if (excess > 0)
      throw new Error(
        `generateCounty: ${targetStations} stations cannot cover the ${required.length} required villages`,
      );
    required = units.filter((u) => (poverty.has(u.code) || isLarge(u)) && !gaps.has(u.code));
  }
  const stationSet = new Set(required.map((u) => u.code));
  const optional = units.filter((u) => !stationSet.has(u.code) && !gaps.has(u.code));
  for (const u of weightedSample(
    optional,
    (v) => population.get(v.code)!,
    targetStations - stationSet.size,
    rngStations,
  ))
    stationSet.add(u.code);
  return { stationSet, gaps };
}

/**
 * 8a. Hubs at the seats that, added greedily, most shorten the distance from villages to their nearest depot (a greedy
 * p-median: spread out, but where villages are).
 */
function chooseHubs(options: GenerateCountyOptions, geo: Geometry, villageXY: XY[], areaKm2: number): number[] {
  const { seatXY, whIndex } = geo;
  const hubCount = Math.min(
    geo.townships.length - 1,
    options.hubs ?? Math.max(2, Math.round((5 * villageXY.length) / 668)),
  );
  const nearestDepot = villageXY.map((p) => dist(p, geo.whXY));
  const seatToVillage = seatXY.map((s) => Float64Array.from(villageXY, (p) => dist(p, s)));
  const hubIdx: number[] = [];
  // Keep depots apart (each serves its own part of the county): relaxed only if no seat qualifies.
  let separation = 0.8 * Math.sqrt((areaKm2 * 1e6) / (hubCount + 1));
  while (hubIdx.length < hubCount) {
    let best = -1;
    let bestGain = -1;
    seatXY.forEach((s, i) => {
      if (i === whIndex || hubIdx.includes(i)) return;
      if ([whIndex, ...hubIdx].some((j) => dist(s, seatXY[j]) < separation)) return;
      let gain = 0;
      const row = seatToVillage[i];
      for (let k = 0; k < row.length; k++) if (row[k] < nearestDepot[k]) gain += nearestDepot[k] - row[k];
      if (gain > bestGain) {
        bestGain = gain;
        best = i;
      }
    });
    if (best < 0) {
      separation *= 0.9;
      continue;
    }
    hubIdx.push(best);
    const row = seatToVillage[best];
    for (let k = 0; k < row.length; k++) nearestDepot[k] = Math.min(nearestDepot[k], row[k]);
  }
  return hubIdx;
}

/** 8b. Places: warehouse at the county seat, hubs, the other seats as hub candidates, then the villages. */
function buildPlaces(
  geo: Geometry,
  hubIdx: number[],
  units: VillageUnit[],
  v: {
    countyName: string;
    warehouseId: string;
    lonLat: Map<string, [number, number]>;
    population: Map<string, number>;
    poverty: Set<string>;
    stationSet: Set<string>;
  },
): { places: Place[]; hubIds: string[]; villagePlaces: Place[] } {
  const places: Place[] = [];
  const facility = (id: string, kind: Place['kind'], name: string, t: Township): Place => ({
    id,
    kind,
    name,
    township: t.id,
    lon: t.lon,
    lat: t.lat,
    population: null,
    poverty: false,
    hasStation: false,
    serviceLimitDays: null,
  });
  places.push(facility(v.warehouseId, 'warehouse', `${v.countyName}电商物流共配中心`, geo.townships[geo.whIndex]));
  const hubIds: string[] = [];
  geo.townships.forEach((t, i) => {
    if (i === geo.whIndex) return;
    if (hubIdx.includes(i)) {
      places.push(facility(`HUB-${t.id}`, 'hub', `${t.name}物流配送中心`, t));
      hubIds.push(`HUB-${t.id}`);
    } else {
      places.push(facility(`CAND-${t.id}`, 'hub_candidate', `${t.name}候选站址`, t));
    }
  });
  const villagePlaces: Place[] = units.map((u) => {
    const [lon, lat] = v.lonLat.get(u.code)!;
    return {
      id: u.code,
      kind: 'village',
      name: shortVillageName(u.name, u.community),
      township: u.township,
      lon,
      lat,
      population: v.population.get(u.code)!,
      poverty: v.poverty.has(u.code),
      hasStation: v.stationSet.has(u.code),
      serviceLimitDays: null,
    };
  });
  places.push(...villagePlaces);
  return { places, hubIds, villagePlaces };
}

/**
 * Small stations get the N-day standard (2, 3 or 7 days: the Daming programme's "within 7 days"), so the periodic
 * planner has visits to save; far ones more often. Poverty villages keep the county standard.
 */
function setServiceLimits(
  seed: number,
  stations: Place[],
  meanDaily: Map<string, number>,
  posXY: Map<string, XY>,
  whXY: XY,
): void {
  const rngLimits = stream(seed, 'limits');
  const farThreshold = quantile(
    stations.map((s) => dist(posXY.get(s.id)!, whXY)),
    0.5,
  );
  for (const s of stations) {
    if (s.poverty) continue;
    const far = dist(posXY.get(s.id)!, whXY) > farThreshold;
    if (meanDaily.get(s.id)! < 8 && rngLimits() < (far ? 0.85 : 0.5)) {
      const r = rngLimits();
      s.serviceLimitDays = r < 0.5 ? 2 : r < 0.8 ? 3 : 7;
    }
  }
}

function toLonLatRing(geo: Geometry, ring: XY[]): [number, number][] {
  const out = ring.map((p) => {
    const [lon, lat] = geo.proj.toLonLat(p[0], p[1]);
    return [round6(lon), round6(lat)] as [number, number];
  });
  if (out.length > 0) out.push(out[0]);
  return out;
}

function countySettings(
  options: GenerateCountyOptions,
  geo: Geometry,
  countyName: string,
  horizonDays: number,
  stationCount: number,
): CountySettings {
  const centroid = ringCentroid(geo.outline);
  const centreLonLat = geo.proj.toLonLat(centroid[0], centroid[1]);
  return {
    name: countyName,
    adminCode: options.adminCode ?? '999999',
    centre: [Math.round(centreLonLat[0] * 1e4) / 1e4, Math.round(centreLonLat[1] * 1e4) / 1e4],
    timeZone: 'Asia/Shanghai',
    defaults: {
      dayStart: '08:00',
      dayEnd: '18:00',
      serviceLimitDays: 0,
      horizonDays,
      serviceMinutesBase: 5,
      serviceMinutesPerParcel: 0.5,
      transferMinutes: 30,
      detourFactor: 1.45,
      defaultSpeedKmh: 40,
      maxSnapMeters: 1000,
    },
    // The shared policy targets of DESIGN.md §2 (one list in model/schemas.ts), written out so a county can edit them.
    targets: DEFAULT_TARGETS.map((t) => ({ ...t })),
    synthetic: options.synthetic ?? ['townships', 'villages', ...GENERATED_DATA],
    notes:
      options.notes ??
      `Synthetic county generated by gongpei (seed ${options.seed}, ${stationCount} stations). All data are synthetic samples.`,
  };
}

/**
 * What the generator makes up for every county it writes (county.json `synthetic`), whether or not the
 * townships and villages are real: a county of real units (src/generate/prefecture.ts) adds its own entries.
 */
export const GENERATED_DATA = [
  'village_positions',
  'population',
  'poverty',
  'stations',
  'demand',
  'fleet',
  'tariffs',
  'roads',
] as const;

function generationReport(
  geo: Geometry,
  units: VillageUnit[],
  posXY: Map<string, XY>,
  gaps: Set<string>,
  network: ReturnType<typeof buildRoadNetwork>,
): GenerationReport {
  let minSpacing = Infinity;
  const pts = units.map((u) => posXY.get(u.code)!);
  const d = Delaunay.from(pts);
  for (let i = 0; i < pts.length; i++)
    for (const j of d.neighbors(i)) minSpacing = Math.min(minSpacing, dist(pts[i], pts[j]));
  const zones: Record<string, [number, number][]> = {};
  geo.townships.forEach((t, i) => (zones[t.id] = toLonLatRing(geo, geo.cells[i])));
  return {
    outlineSource: geo.givenOutline ? 'given' : 'hull',
    outline: toLonLatRing(geo, geo.outline),
    outlineAreaKm2: Math.round(Math.abs(signedArea(geo.outline)) / 1e4) / 100,
    zones,
    deliberateGaps: [...gaps].sort(),
    detour: network.detour,
    villageRoadFactor: network.villageRoadFactor,
    roadKm: network.roadKm,
    roadEdges: network.edges,
    minVillageSpacingM: Math.round(minSpacing),
  };
}

/** 张庄村村民委员会 → 张庄村, 北关社区居民委员会 → 北关社区 (the official name stays in sources/villages.csv). */
export function shortVillageName(official: string, community: boolean): string {
  const stripped = official.replace(/(村民民委员会|村民委员会|村民委会|居民委员会|居委会)$/, '');
  if (stripped === official) return official;
  if (community) return stripped;
  return stripped.endsWith('村') ? stripped : `${stripped}村`;
}

function nearestIndex(points: XY[], p: XY): number {
  let best = 0;
  points.forEach((q, i) => {
    if (dist(q, p) < dist(points[best], p)) best = i;
  });
  return best;
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

function ringCentroid(ring: XY[]): XY {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
    a += f;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/** Weighted sampling without replacement (Efraimidis–Spirakis keys), deterministic for a stream. */
function weightedSample<T>(items: T[], weight: (t: T) => number, k: number, rng: () => number): T[] {
  if (k <= 0) return [];
  const keyed = items.map((item, i) => ({
    item,
    i,
    key: Math.log(Math.max(rng(), 1e-300)) / Math.max(weight(item), 1e-12),
  }));
  keyed.sort((a, b) => b.key - a.key || a.i - b.i);
  return keyed.slice(0, k).map((e) => e.item);
}

function synthesizeTownships(
  seed: number,
  villageCount: number,
  areaKm2: number,
  centre: [number, number],
): Township[] {
  const rng = stream(seed, 'townships');
  const count = Math.max(3, Math.round(villageCount / 33));
  const proj = localProjection(centre[0], centre[1]);
  // Seats inside an ellipse a bit smaller than the county (the outline buffers them), evenly spread.
  const inner = areaKm2 * 1e6 * 0.8;
  const ratio = 1.25;
  const b = Math.sqrt(inner / (Math.PI * ratio));
  const a = b * ratio;
  const minD = 0.75 * Math.sqrt((areaKm2 * 1e6) / count);
  const seats: XY[] = [[0, 0]];
  let spacing = minD;
  let attempts = 0;
  while (seats.length < count) {
    const p: XY = [(2 * rng() - 1) * a, (2 * rng() - 1) * b];
    attempts++;
    if ((p[0] / a) ** 2 + (p[1] / b) ** 2 <= 1 && seats.every((q) => dist(p, q) >= spacing)) seats.push(p);
    if (attempts % 500 === 0) spacing *= 0.93;
  }
  const names = uniqueNames(rng, count, TOWN_STEMS, ['镇', '镇', '乡']);
  return seats.map((p, i) => {
    const [lon, lat] = proj.toLonLat(p[0], p[1]);
    return { id: `999999${String(100 + i).padStart(3, '0')}`, name: names[i], lon: round6(lon), lat: round6(lat) };
  });
}

function synthesizeVillages(
  seed: number,
  count: number,
  townships: Township[],
  cells: XY[][],
  townIndex: number,
): VillageUnit[] {
  const rng = stream(seed, 'villages');
  // Units per township proportional to zone area (±20%), at least 5.
  const areas = cells.map((c) => Math.max(1, Math.abs(signedArea(c))) * (0.8 + 0.4 * rng()));
  const total = areas.reduce((s, v) => s + v, 0);
  const perTownship = areas.map((a) => Math.max(5, Math.floor((a / total) * count)));
  let diff = count - perTownship.reduce((s, v) => s + v, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % perTownship.length) {
    if (diff > 0) {
      perTownship[i]++;
      diff--;
    } else if (perTownship[i] > 5) {
      perTownship[i]--;
      diff++;
    }
  }
  const names = uniqueNames(rng, count, VILLAGE_STEMS, VILLAGE_SUFFIXES);
  const units: VillageUnit[] = [];
  let k = 0;
  townships.forEach((t, ti) => {
    const communities = ti === townIndex ? Math.ceil(perTownship[ti] * 0.3) : rng() < 0.4 ? 1 : 0;
    for (let j = 0; j < perTownship[ti]; j++) {
      const community = j < communities;
      const base = names[k++];
      units.push({
        code: `${t.id}${String(community ? 1 + j : 200 + j).padStart(3, '0')}`,
        name: community ? `${base}社区居民委员会` : `${base}村村民委员会`,
        township: t.id,
        community,
      });
    }
  });
  return units;
}

const TOWN_STEMS = [
  '东',
  '西',
  '南',
  '北',
  '新',
  '高',
  '柳',
  '王',
  '李',
  '张',
  '刘',
  '杨',
  '陈',
  '马',
  '孙',
  '朱',
  '黄',
  '沙',
  '金',
  '龙',
  '河',
  '集',
  '庙',
  '堤',
  '店',
  '桥',
  '屯',
  '营',
  '寨',
  '固',
  '安',
  '平',
  '长',
  '丰',
  '田',
  '林',
];
const VILLAGE_STEMS = [
  '东',
  '西',
  '南',
  '北',
  '前',
  '后',
  '大',
  '小',
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '田',
  '董',
  '潘',
  '袁',
  '蔡',
  '蒋',
  '余',
  '于',
  '杜',
  '叶',
  '程',
  '魏',
  '苏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '范',
  '汪',
  '廖',
  '石',
  '金',
  '贾',
  '夏',
  '付',
  '方',
  '邹',
  '熊',
  '白',
  '孟',
  '秦',
  '邱',
  '侯',
  '江',
  '尹',
  '薛',
  '闫',
  '段',
  '雷',
  '龙',
  '黎',
  '史',
  '陶',
  '贺',
  '毛',
  '郝',
  '顾',
  '龚',
  '邵',
  '万',
  '覃',
  '武',
  '钱',
  '戴',
  '严',
  '莫',
  '孔',
  '向',
  '常',
  '汤',
  '康',
  '易',
  '乔',
  '赖',
  '文',
  '柳',
  '槐',
  '枣',
  '杏',
  '桑',
  '苇',
  '沙',
  '河',
  '堤',
  '岗',
  '湾',
];
const VILLAGE_SUFFIXES = ['庄', '家庄', '营', '屯', '寨', '集', '店', '堡', '楼', '固', '口', '坊', '町', '窑', '园'];

function uniqueNames(rng: () => number, count: number, stems: string[], suffixes: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  let attempts = 0;
  while (out.length < count) {
    attempts++;
    const parts = attempts > count * 20 ? 3 : rng() < 0.55 ? 1 : 2;
    let name = '';
    for (let i = 0; i < parts; i++) name += stems[Math.floor(rng() * stems.length)];
    name += suffixes[Math.floor(rng() * suffixes.length)];
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(name);
  }
  return out;
}
