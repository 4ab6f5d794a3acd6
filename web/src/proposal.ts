/**
 * A hub proposal on the map: its re-planned routes (from the hub job's `routing.routes`, straight legs
 * between stops) and the station → depot assignment, and saving it as a scenario version (an `hubs` edit:
 * the chosen hubs open, the others become candidates, fleet rows follow the server's layout rule).
 */
import * as L from 'leaflet';
import { submitEdits, toast } from './edit.ts';
import { t } from './i18n.ts';
import type { CountyMap } from './map.ts';
import { straightLine } from './map.ts';
import type { HubsView } from './panels/hubs.ts';
import { state } from './state.ts';

let map: CountyMap | null = null;
export const proposalOptions = { routes: true, assignment: true };

export function initProposal(m: CountyMap): void {
  map = m;
}

export function setProposalOption(key: 'routes' | 'assignment', on: boolean): void {
  proposalOptions[key] = on;
}

export function clearProposal(): void {
  if (!map) return;
  map.overlay('proposal');
  map.map.getContainer().dataset.proposalRoutes = '0';
}

export function drawProposal(r: HubsView): void {
  if (!map) return;
  const layer = map.overlay('proposal');
  const coords = new Map<string, [number, number]>();
  for (const f of state.geo?.features ?? [])
    if (f.properties.layer === 'place') coords.set(String(f.properties.id), f.geometry.coordinates as [number, number]);
  if (proposalOptions.assignment && r.assignment) {
    for (const [station, depot] of Object.entries(r.assignment)) {
      const a = coords.get(station);
      const b = coords.get(depot);
      if (!a || !b) continue;
      L.polyline([map.ll(a[0], a[1]), map.ll(b[0], b[1])], {
        renderer: map.renderCanvas,
        color: '#64748b',
        weight: 1,
        opacity: 0.55,
        interactive: false,
      }).addTo(layer);
    }
  }
  let drawn = 0;
  const routes = 'skipped' in r.routing ? [] : (r.routing.routes ?? []);
  if (proposalOptions.routes) {
    for (const route of routes) {
      const pts = straightLine(route, coords).map(([x, y]) => map!.ll(x, y));
      L.polyline(pts, {
        renderer: map.renderCanvas,
        color: '#7e22ce',
        weight: route.kind === 'trunk' ? 3.5 : 2.5,
        opacity: 0.85,
        dashArray: route.kind === 'trunk' ? '8 6' : undefined,
      })
        .bindTooltip(`${route.vehicle} · ${route.stops.length} · ${route.km.toFixed(1)} km`, { sticky: true })
        .addTo(layer);
      drawn += 1;
    }
  }
  map.map.getContainer().dataset.proposalRoutes = String(drawn);
}

export async function saveProposal(r: HubsView): Promise<boolean> {
  try {
    const v = await submitEdits([{ op: 'hubs', hubs: r.hubs }], {
      kind: 'hubs',
      message: `${r.model}: ${r.hubs.join(', ')}`,
    });
    toast(t('hubs.saved', { version: v.version }));
    return true;
  } catch (err) {
    toast((err as Error).message, true);
    return false;
  }
}
