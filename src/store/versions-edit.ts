/**
 * Edits of a scenario on the map (add / move / delete places, set attributes, adopt a hub layout) and their
 * validation. An edited scenario goes through exactly the checks of an import (validateScenario: ids,
 * references, ranges, reported as `places.csv:row:field`), plus the two geographic checks an import's
 * matrix step reports for a place: outside the county and too far from any road. Pure: no store access.
 */
import { z } from 'zod';
import type { FieldIssue, Place, Scenario } from '../model/types.ts';
import { ScenarioError, validateScenario } from '../model/validate.ts';
import { buildRoadGraph, haversineM, scenarioMatrix, snapIndexOf } from '../network/index.ts';
import { bufferedHull, localProjection, pointInPolygon, type XY } from '../generate/geo.ts';
import { applyLayout } from '../planning/hubs.ts';
import { insideBoundaries, type Boundaries } from './versions-boundaries.ts';

/** How far (m) beyond the outline of the county's places and township seats a place may lie. */
export const COUNTY_MARGIN_M = 2000;

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);
const id = z.string().trim().min(1).max(64);
/** Numbers are only typed here; ranges (population ≥ 0, limit 0..7) are the import rules of validate.ts. */
const attributes = {
  name: z.string().trim().min(1).max(100).optional(),
  township: z.string().min(1).optional(),
  population: z.number().finite().nullable().optional(),
  poverty: z.boolean().optional(),
  hasStation: z.boolean().optional(),
  serviceLimitDays: z.number().finite().nullable().optional(),
};

export const editSchema = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      id: id.optional(),
      kind: z.enum(['village', 'hub', 'hub_candidate']),
      lon,
      lat,
      ...attributes,
    })
    .strict(),
  z.object({ op: z.literal('move'), id, lon, lat }).strict(),
  z.object({ op: z.literal('delete'), id }).strict(),
  z.object({ op: z.literal('set'), id, kind: z.enum(['hub', 'hub_candidate']).optional(), ...attributes }).strict(),
  /** Adopt a hub layout (a saved hub proposal): these become the hubs, fleet rows follow applyLayout's rule. */
  z.object({ op: z.literal('hubs'), hubs: z.array(id).min(0).max(500) }).strict(),
]);
export type Edit = z.infer<typeof editSchema>;
export const editsSchema = z.array(editSchema).min(1).max(5000);

export interface EditResult {
  scenario: Scenario;
  /** One line per edit, e.g. "moved 130425100201 (张庄村) 350 m". */
  summary: string[];
}

/** Apply edits in order and validate the result; throws ScenarioError (every issue) or Error (unknown id). */
export async function applyEdits(
  before: Scenario,
  edits: Edit[],
  boundaries: Boundaries | null = null,
): Promise<EditResult> {
  let scenario: Scenario = {
    ...before,
    places: before.places.map((p) => ({ ...p })),
    demand: before.demand,
    fleet: before.fleet,
  };
  const summary: string[] = [];
  const touched = new Set<string>();
  for (const [i, edit] of edits.entries()) {
    const placeIndex = (pid: string) => {
      const at = scenario.places.findIndex((p) => p.id === pid);
      if (at < 0)
        throw new ScenarioError(
          [
            {
              file: 'places.csv',
              row: null,
              field: 'id',
              message: `edit ${i + 1} (${edit.op}): unknown place "${pid}"`,
            },
          ],
          'invalid edit',
        );
      return at;
    };
    if (edit.op === 'add') {
      const place = newPlace(scenario, edit);
      scenario.places.push(place);
      touched.add(place.id);
      summary.push(`added ${place.kind}${place.hasStation ? ' (station)' : ''} ${place.id} (${place.name})`);
    } else if (edit.op === 'move') {
      const p = scenario.places[placeIndex(edit.id)];
      const metres = haversineM(p.lon, p.lat, edit.lon, edit.lat);
      scenario.places[placeIndex(edit.id)] = { ...p, lon: edit.lon, lat: edit.lat };
      touched.add(p.id);
      summary.push(`moved ${p.kind} ${p.id} (${p.name}) ${Math.round(metres)} m`);
    } else if (edit.op === 'delete') {
      const p = scenario.places[placeIndex(edit.id)];
      const rows = scenario.demand.filter((r) => r.stationId === p.id).length;
      scenario = {
        ...scenario,
        places: scenario.places.filter((q) => q.id !== p.id),
        demand: scenario.demand.filter((r) => r.stationId !== p.id),
      };
      summary.push(`deleted ${p.kind} ${p.id} (${p.name})${rows ? `, ${rows} demand rows removed` : ''}`);
    } else if (edit.op === 'set') {
      const at = placeIndex(edit.id);
      const p = scenario.places[at];
      const { op: _op, id: _id, ...fields } = edit;
      const changed = Object.entries(fields).filter(
        ([k, v]) => v !== undefined && (p as unknown as Record<string, unknown>)[k] !== v,
      );
      scenario.places[at] = { ...p, ...Object.fromEntries(changed) } as Place;
      let extra = '';
      // A village without a station has no parcels: its demand goes with the station (an import would reject it).
      if (fields.hasStation === false && p.hasStation) {
        const rows = scenario.demand.filter((r) => r.stationId === p.id).length;
        scenario = { ...scenario, demand: scenario.demand.filter((r) => r.stationId !== p.id) };
        if (rows) extra = `, ${rows} demand rows removed`;
      }
      summary.push(
        `set ${p.id} (${p.name}) ${changed.map(([k, v]) => `${k} ${JSON.stringify((p as unknown as Record<string, unknown>)[k])} → ${JSON.stringify(v)}`).join(', ') || '(no change)'}${extra}`,
      );
    } else {
      const known = new Set(
        scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate').map((p) => p.id),
      );
      edit.hubs.forEach((h, k) => {
        if (!known.has(h))
          throw new ScenarioError(
            [
              {
                file: 'places.csv',
                row: null,
                field: 'id',
                message: `edit ${i + 1} (hubs): hubs[${k}] "${h}" is not a hub or hub candidate`,
              },
            ],
            'invalid edit',
          );
      });
      const layout = applyLayout(scenario, await scenarioMatrix(scenario), edit.hubs);
      scenario = layout.scenario;
      summary.push(
        `hub layout: ${edit.hubs.join(', ') || '(none)'}${layout.changes.length ? `; fleet ${layout.changes.map((c) => `${c.fleetId} ${c.action} ${c.from}→${c.to}`).join(', ')}` : ''}`,
      );
    }
  }
  const issues = validateScenario(scenario);
  issues.push(...geographicIssues(before, scenario, touched, boundaries));
  if (issues.length > 0) throw new ScenarioError(issues, 'edit rejected');
  return { scenario, summary };
}

function newPlace(scenario: Scenario, edit: Extract<Edit, { op: 'add' }>): Place {
  let pid = edit.id;
  if (!pid) {
    const prefix = edit.kind === 'village' ? 'new-station' : `new-${edit.kind.replace('_', '-')}`;
    const ids = new Set(scenario.places.map((p) => p.id));
    let n = 1;
    while (ids.has(`${prefix}-${n}`)) n++;
    pid = `${prefix}-${n}`;
  }
  // The township of a new place is that of the nearest township seat unless given.
  let township = edit.township;
  if (!township) {
    let best = Infinity;
    for (const t of scenario.townships) {
      const d = haversineM(t.lon, t.lat, edit.lon, edit.lat);
      if (d < best) [best, township] = [d, t.id];
    }
  }
  const village = edit.kind === 'village';
  return {
    id: pid,
    kind: edit.kind,
    name: edit.name ?? pid,
    township: township ?? '',
    lon: edit.lon,
    lat: edit.lat,
    population: edit.population ?? null,
    poverty: village ? (edit.poverty ?? false) : false,
    hasStation: village ? (edit.hasStation ?? true) : false,
    serviceLimitDays: edit.serviceLimitDays ?? null,
  };
}

/**
 * Added or moved places must lie inside the county (the imported township boundaries when there are any,
 * else the outline of the places and township seats before the edit, widened by COUNTY_MARGIN_M) and, when the scenario has roads, within maxSnapMeters of one.
 */
export function geographicIssues(
  before: Scenario,
  after: Scenario,
  touched: Set<string>,
  boundaries: Boundaries | null = null,
): FieldIssue[] {
  if (touched.size === 0) return [];
  const issues: FieldIssue[] = [];
  const [lon0, lat0] = before.county.centre;
  const proj = localProjection(lon0, lat0);
  const xy = (lo: number, la: number): XY => proj.toXY(lo, la);
  const outline = bufferedHull(
    [...before.places.map((p) => xy(p.lon, p.lat)), ...before.townships.map((t) => xy(t.lon, t.lat))],
    COUNTY_MARGIN_M,
  );
  const graph = buildRoadGraph(after.roads);
  const index = graph && graph.nodeCount > 0 ? snapIndexOf(graph) : null;
  const limit = after.county.defaults.maxSnapMeters;
  after.places.forEach((p, i) => {
    if (!touched.has(p.id)) return;
    const row = i + 2;
    const where = `${p.id} (${p.name}) at ${p.lon.toFixed(5)}, ${p.lat.toFixed(5)}`;
    if (boundaries && boundaries.features.length > 0) {
      if (!insideBoundaries(boundaries, p.lon, p.lat)) {
        issues.push({
          file: 'places.csv',
          row,
          field: 'lon',
          message: `${where} is outside the county (outside every township boundary of townships.geojson)`,
        });
        return;
      }
    } else if (outline.length >= 3 && !pointInPolygon(xy(p.lon, p.lat), outline)) {
      issues.push({
        file: 'places.csv',
        row,
        field: 'lon',
        message: `${where} is outside the county (more than ${COUNTY_MARGIN_M / 1000} km beyond its places and township seats)`,
      });
      return;
    }
    if (index) {
      const snap = index.nearest(p.lon, p.lat, limit * 2);
      if (!snap || snap.distanceM > limit) {
        const d = snap ? `${(snap.distanceM / 1000).toFixed(1)} km` : 'far';
        issues.push({
          file: 'places.csv',
          row,
          field: 'lon',
          message: `${where} is too far from any road: ${d} from the nearest road (limit ${limit} m, county.json defaults.maxSnapMeters)`,
        });
      }
    }
  });
  return issues;
}
