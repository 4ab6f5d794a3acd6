/**
 * Render benchmark (`?bench=N&routes=R`): a generated county of N stations around a warehouse and R
 * routes, drawn through the same code as real data, timed in the browser. No API calls. Results are
 * put in window.__gongpeiBench for scripts/bench-web.ts.
 */
import type { CountyMap } from './map.ts';
import { state } from './state.ts';
import type { ScenarioGeo, StoredPlanView, GeoFeature, PlanRoute } from './types.ts';

export interface BenchResult {
  stations: number;
  routes: number;
  /** Scenario layers (zones, roads, stations) drawn and painted. */
  scenarioMs: number;
  /** Routes added and painted. */
  planMs: number;
  /** Zoom in + pan redraw. */
  redrawMs: number;
  totalMs: number;
  /** Rebuilding the station markers alone, and the paint that follows. */
  placesBuildMs: number;
  placesPaintMs: number;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchScenario(map: CountyMap, stations: number, routes: number): Promise<BenchResult> {
  const rnd = mulberry32(42);
  const [cx, cy] = [115.22, 36.31];
  const features: GeoFeature[] = [];
  const place = (id: string, kind: string, lon: number, lat: number, extra: Record<string, unknown> = {}) =>
    features.push({
      type: 'Feature',
      properties: {
        layer: 'place',
        id,
        kind,
        name: id,
        township: 'T',
        townshipName: 'T',
        population: 800,
        poverty: false,
        hasStation: kind === 'village',
        serviceLimitDays: 0,
        parcelsDownByDay: { 1: 5 + Math.floor(rnd() * 30) },
        parcelsUpByDay: { 1: 0 },
        carriers: ['a'],
        ...extra,
      },
      geometry: { type: 'Point', coordinates: [lon, lat] },
    });
  place('W', 'warehouse', cx, cy);
  const pts: Array<{ id: string; lon: number; lat: number; angle: number }> = [];
  for (let i = 0; i < stations; i++) {
    const r = 0.35 * Math.sqrt(rnd());
    const a = rnd() * Math.PI * 2;
    const lon = cx + r * Math.cos(a) * 1.2;
    const lat = cy + r * Math.sin(a);
    pts.push({ id: `S${i}`, lon, lat, angle: a });
    place(`S${i}`, 'village', lon, lat);
  }
  for (let k = 0; k < 20; k++) {
    const a = (k / 20) * Math.PI * 2;
    features.push({
      type: 'Feature',
      properties: { layer: 'township', id: `T${k}`, name: `镇${k + 1}` },
      geometry: { type: 'Point', coordinates: [cx + 0.25 * Math.cos(a) * 1.2, cy + 0.25 * Math.sin(a)] },
    });
  }
  // Sweep routes: sort by angle, cut into R sectors; within a sector order by radius.
  pts.sort((p, q) => p.angle - q.angle);
  const per = Math.ceil(stations / routes);
  const planRoutes: PlanRoute[] = [];
  for (let r = 0; r < routes; r++) {
    const chunk = pts
      .slice(r * per, (r + 1) * per)
      .sort((p, q) => Math.hypot(p.lon - cx, p.lat - cy) - Math.hypot(q.lon - cx, q.lat - cy));
    planRoutes.push({
      vehicle: `V${r + 1}`,
      fleetId: 'van',
      depot: 'W',
      kind: 'delivery',
      departure: '08:00',
      returnTime: '16:00',
      km: 80,
      hours: 8,
      cost: 300,
      stops: chunk.map((p, k) => ({
        stationId: p.id,
        arrival: `${String(8 + Math.floor(k / 6)).padStart(2, '0')}:${String((k * 10) % 60).padStart(2, '0')}`,
        departure: '',
        parcelsDown: 10,
        parcelsUp: 0,
        kgDown: 15,
        kgUp: 0,
        load: 0,
        loadKg: 0,
        byCarrier: { c: { down: 10, up: 0 } },
        cold: false,
      })),
    });
  }
  const geo: ScenarioGeo = {
    type: 'FeatureCollection',
    features,
    synthetic: ['bench'],
    estimatedTravel: true,
    bbox: [cx - 0.45, cy - 0.36, cx + 0.45, cy + 0.36],
  };
  const plan: StoredPlanView = {
    id: 'bench',
    scenarioId: 'bench',
    createdAt: new Date().toISOString(),
    day: 1,
    mode: 'shared',
    estimatedTravel: true,
    kpis: {
      totalCost: 0,
      costPerParcel: 0,
      km: 0,
      hours: 0,
      vehiclesUsed: routes,
      stationsServed: stations,
      stationsUnassigned: 0,
      serviceCompliance: 1,
      parcelsDown: 0,
      parcelsUp: 0,
    },
    routes: planRoutes,
    unassigned: [],
  };
  await frame();
  const t0 = performance.now();
  state.geo = geo;
  state.scenario = null;
  map.renderScenario();
  await frame();
  const t1 = performance.now();
  state.plan = plan;
  state.stationStyle = 'service';
  map.renderPlan();
  await frame();
  const t2 = performance.now();
  map.map.setZoom(map.map.getZoom() + 1, { animate: false });
  map.map.panBy([120, 80], { animate: false });
  await frame();
  const t3 = performance.now();
  map.renderPlaces();
  const t4 = performance.now();
  await frame();
  const t5 = performance.now();
  const result: BenchResult = {
    stations,
    routes,
    scenarioMs: t1 - t0,
    planMs: t2 - t1,
    redrawMs: t3 - t2,
    totalMs: t2 - t0,
    placesBuildMs: t4 - t3,
    placesPaintMs: t5 - t4,
  };
  (window as unknown as { __gongpeiBench: BenchResult }).__gongpeiBench = result;
  document.body.dataset.bench = 'done';
  return result;
}
