/** Shapes the web app reads from the API (mirrors src/server and src/planning/types.ts). */
export type { PlanResult, PlanRoute, PlanStop, PlanKpis, PlanUnassigned } from '../../src/planning/types.ts';
import type { PlanResult } from '../../src/planning/types.ts';

export interface StoredPlanView extends PlanResult {
  id: string;
  scenarioId: string;
  createdAt: string;
}

export interface PlaceProps {
  layer: 'place';
  id: string;
  kind: 'warehouse' | 'hub' | 'hub_candidate' | 'village';
  name: string;
  township: string;
  townshipName: string;
  population: number | null;
  poverty: boolean;
  hasStation: boolean;
  serviceLimitDays: number;
  parcelsDownByDay: Record<string, number>;
  parcelsUpByDay: Record<string, number>;
  carriers: string[];
}

export interface GeoFeature {
  type: 'Feature';
  properties: Record<string, unknown> & { layer: 'place' | 'road' | 'township' };
  geometry: { type: 'Point'; coordinates: [number, number] } | { type: 'LineString'; coordinates: [number, number][] };
}

export interface ScenarioGeo {
  type: 'FeatureCollection';
  features: GeoFeature[];
  synthetic: string[];
  estimatedTravel: boolean;
  bbox: [number, number, number, number];
}

export interface ScenarioDetail {
  id: string;
  county: {
    name: string;
    adminCode: string;
    centre: [number, number];
    synthetic: string[];
    defaults: { serviceLimitDays: number; horizonDays: number; dayStart: string; dayEnd: string };
  };
  counts: Record<string, number>;
  townships: Array<{ id: string; name: string; lon: number; lat: number }>;
  carriers: Array<{ id: string; name: string }>;
  days: Array<{ day: number; parcelsDown: number; parcelsUp: number; stations: number }>;
  synthetic: string[];
  estimatedTravel: boolean;
  plans: Array<{ id: string; scenarioId: string; createdAt: string }>;
}

export interface RoutesGeo {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: { index: number; vehicle: string }; geometry: RouteGeometry }>;
}

export type RouteGeometry =
  | { type: 'LineString'; coordinates: [number, number][] }
  | { type: 'MultiLineString'; coordinates: [number, number][][] }
  | { type: 'Point'; coordinates: [number, number] };
