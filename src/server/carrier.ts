/**
 * Carrier views: what a carrier-scoped token may read. Carriers are competing tenants of one shared fleet,
 * so the view is built from an allow-list of fields (never by deleting from the full plan): a new field of
 * the plan stays invisible to carriers until it is added here on purpose.
 *
 * Plan stops carry `byCarrier: { [carrierId]: { down, up } }` (the per-carrier split of the stop's parcels).
 * A carrier sees only the stops with its own parcels, and at each only its own counts; totals, loads, kg,
 * costs of shared vehicles, KPIs, comparisons and unassigned stations (which reveal others' volumes) are left out.
 */
import { Router } from 'express';
import type { PlanResult } from '../planning/types.ts';
import type { AppContext } from './context.ts';
import { HttpError } from './errors.ts';
import { carrierScope } from './security.ts';

export interface CarrierStop {
  stationId: string;
  arrival: string;
  departure: string;
  parcelsDown: number;
  parcelsUp: number;
  byCarrier: Record<string, { down: number; up: number }>;
}

export interface CarrierRoute {
  vehicle: string;
  kind: 'trunk' | 'delivery';
  trip: number;
  depot: string;
  departure: string;
  returnTime: string;
  stops: CarrierStop[];
}

export interface CarrierPlanView {
  id: string;
  scenarioId: string;
  createdAt: string;
  day: number;
  carrierId: string;
  routes: CarrierRoute[];
}

type StopWithSplit = PlanResult['routes'][number]['stops'][number] & {
  byCarrier?: Record<string, { down?: number; up?: number }>;
};

/** The plan as carrier `carrierId` may see it (see the module comment). */
export function planForCarrier(
  stored: { id: string; scenarioId: string; createdAt: string; plan: PlanResult },
  carrierId: string,
): CarrierPlanView {
  const routes: CarrierRoute[] = [];
  for (const route of stored.plan.routes) {
    const stops: CarrierStop[] = [];
    for (const stop of route.stops as StopWithSplit[]) {
      const own = stop.byCarrier?.[carrierId];
      if (!own) continue;
      const down = Number(own.down ?? 0);
      const up = Number(own.up ?? 0);
      if (down === 0 && up === 0) continue;
      stops.push({
        stationId: stop.stationId,
        arrival: stop.arrival,
        departure: stop.departure,
        parcelsDown: down,
        parcelsUp: up,
        byCarrier: { [carrierId]: { down, up } },
      });
    }
    if (stops.length === 0) continue;
    routes.push({
      vehicle: route.vehicle,
      kind: route.kind,
      trip: route.trip ?? 1,
      depot: route.depot,
      departure: route.departure,
      returnTime: route.returnTime,
      stops,
    });
  }
  return {
    id: stored.id,
    scenarioId: stored.scenarioId,
    createdAt: stored.createdAt,
    day: stored.plan.day,
    carrierId,
    routes,
  };
}

/**
 * GET /api/carrier/plans/:id — the carrier view of a plan. A carrier token gets its own carrier; an unscoped
 * caller names one with ?carrier= (to see what a carrier sees).
 */
export function carrierRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/carrier/plans/:id', (req, res) => {
    const scope = carrierScope(req);
    const asked = typeof req.query.carrier === 'string' ? req.query.carrier : undefined;
    if (scope !== null && asked !== undefined && asked !== scope)
      throw new HttpError(403, 'forbidden', `this token reads carrier "${scope}" only`, 'carrier');
    const carrierId = scope ?? asked;
    if (!carrierId)
      throw new HttpError(
        400,
        'invalid_query',
        'carrier: required (?carrier=ID) for a token without a carrier',
        'carrier',
      );
    res.json(planForCarrier(ctx.planOr404(req.params.id), carrierId));
  });
  return router;
}
