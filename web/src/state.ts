/** Application state shared by the panels and the map; listeners re-render on change. */
import type { ScenarioDetail, ScenarioGeo, StoredPlanView, RoutesGeo } from './types.ts';

export type HubState = 'auto' | 'open' | 'closed';

export interface AppState {
  scenarioId: string | null;
  scenario: ScenarioDetail | null;
  geo: ScenarioGeo | null;
  plan: StoredPlanView | null;
  routesGeo: RoutesGeo | null;
  selectedRoute: number | null;
  stationStyle: 'coverage' | 'service';
  missingStations: Set<string>;
  highlightMissing: boolean;
  hubStates: Map<string, HubState>;
  proposedHubs: string[] | null;
  day: number;
}

export const state: AppState = {
  scenarioId: null,
  scenario: null,
  geo: null,
  plan: null,
  routesGeo: null,
  selectedRoute: null,
  stationStyle: 'coverage',
  missingStations: new Set(),
  highlightMissing: false,
  hubStates: new Map(),
  proposedHubs: null,
  day: 1,
};

type Topic = 'scenario' | 'plan' | 'selection' | 'coverage' | 'hubs' | 'style';
const listeners = new Map<Topic, Array<() => void>>();

export function on(topic: Topic, fn: () => void): void {
  listeners.set(topic, [...(listeners.get(topic) ?? []), fn]);
}

export function emit(topic: Topic): void {
  for (const fn of listeners.get(topic) ?? []) fn();
}

export const ROUTE_COLORS = [
  '#e6194b',
  '#3cb44b',
  '#4363d8',
  '#f58231',
  '#911eb4',
  '#008080',
  '#f032e6',
  '#9a6324',
  '#800000',
  '#808000',
  '#000075',
  '#e6a100',
];
export function routeColor(index: number): string {
  if (index < ROUTE_COLORS.length) return ROUTE_COLORS[index];
  const hue = (index * 137.508) % 360;
  return `hsl(${hue.toFixed(0)}, 70%, 42%)`;
}

export const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => (({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }) as Record<string, string>)[c],
  );
