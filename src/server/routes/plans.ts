/** Plan and hub-location jobs of a scenario, stored plans, their route geometry and route sheets. */
import { Router } from 'express';
import { z } from 'zod';
import { parseBody, type AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { routeSheetsCsv, routesGeoJson } from '../reports.ts';

export const planBodySchema = z
  .object({
    day: z.number().int().min(1).max(366),
    mode: z.enum(['shared', 'separate', 'compare']).default('shared'),
    horizon: z.number().int().min(1).max(28).optional(),
    timeLimit: z.number().positive().max(600).optional(),
    seed: z.number().int().min(0).optional(),
    /** Engine iterations per solve: with a seed, the same plan on any machine (as `plan --iterations`). */
    maxIterations: z.number().int().min(1).max(1_000_000).optional(),
    /** Plan without passenger-bus legs (as `plan --no-bus`). */
    noBus: z.boolean().optional(),
    /** Trips as greedy rounds instead of inside the engine (as `plan --rounds`). */
    rounds: z.boolean().optional(),
  })
  .strict();

export const hubsBodySchema = z
  .object({
    model: z.enum(['p-median', 'set-cover', 'capacitated']).default('p-median'),
    p: z.number().int().min(1).max(200).optional(),
    maxMinutes: z
      .number()
      .positive()
      .max(24 * 60)
      .optional(),
    pinned: z.array(z.string().min(1)).max(1000).optional(),
    banned: z.array(z.string().min(1)).max(1000).optional(),
    timeLimit: z.number().positive().max(600).optional(),
    fixedCost: z.union([z.number().min(0), z.record(z.string(), z.number().min(0))]).optional(),
    capacity: z.union([z.number().positive(), z.record(z.string(), z.number().positive())]).optional(),
  })
  .strict();

/**
 * Engine seconds one job may ask for: timeLimit (default 30) × horizon days × 2 for compare. A 28-day
 * horizon at 600 s used to hold the single worker for days. $GONGPEI_MAX_JOB_SECONDS, default 1800.
 */
export const MAX_JOB_SECONDS = Number(process.env.GONGPEI_MAX_JOB_SECONDS ?? 1800);

function checkJobBudget(params: { timeLimit?: number; horizon?: number; mode?: string }): void {
  const seconds = (params.timeLimit ?? 30) * (params.horizon ?? 1) * (params.mode === 'compare' ? 2 : 1);
  if (seconds > MAX_JOB_SECONDS) {
    throw new HttpError(
      400,
      'invalid_body',
      `timeLimit: ${params.timeLimit ?? 30} s × ${params.horizon ?? 1} day(s)${params.mode === 'compare' ? ' × 2 (compare)' : ''} = ${seconds} s is more than this server allows per job (${MAX_JOB_SECONDS} s)`,
      'timeLimit',
    );
  }
}

export function plansRouter(ctx: AppContext): Router {
  const { store, jobs } = ctx;
  const router = Router();
  /** Route geometries by plan id (plans never change once stored). */
  const routeGeometries = new Map<string, string>();

  router.post('/scenarios/:id/plans', (req, res) => {
    ctx.scenarioOr404(req.params.id);
    const params = parseBody(planBodySchema, req.body);
    checkJobBudget(params);
    const job = jobs.submitPlan(req.params.id, params, req.auth?.name);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id, status: job.status });
  });

  router.get('/scenarios/:id/plans', (req, res) => {
    ctx.scenarioOr404(req.params.id);
    res.json({ plans: store.listPlans(req.params.id) });
  });

  router.post('/scenarios/:id/hubs', (req, res) => {
    const scenario = ctx.scenarioOr404(req.params.id);
    const params = parseBody(hubsBodySchema, req.body);
    const candidates = new Set(
      scenario.places.filter((p) => p.kind === 'hub' || p.kind === 'hub_candidate').map((p) => p.id),
    );
    for (const key of ['pinned', 'banned'] as const) {
      params[key]?.forEach((placeId, i) => {
        if (!candidates.has(placeId))
          throw new HttpError(
            400,
            'invalid_body',
            `${key}.${i}: "${placeId}" is not a hub or hub candidate of this scenario`,
            `${key}.${i}`,
          );
      });
    }
    if (params.model === 'p-median' && params.p === undefined)
      throw new HttpError(400, 'invalid_body', 'p: required for the p-median model', 'p');
    if (params.model === 'set-cover' && params.maxMinutes === undefined)
      throw new HttpError(400, 'invalid_body', 'maxMinutes: required for the set-cover model', 'maxMinutes');
    const job = jobs.submitHubs(req.params.id, params, req.auth?.name);
    res.status(202).location(`/api/jobs/${job.id}`).json({ jobId: job.id, status: job.status });
  });

  router.get('/plans/:id', (req, res) => {
    const stored = ctx.planOr404(req.params.id);
    res.json({ ...stored.plan, id: stored.id, scenarioId: stored.scenarioId, createdAt: stored.createdAt });
  });

  router.get('/plans/:id/routes.geojson', async (req, res) => {
    const stored = ctx.planOr404(req.params.id);
    const scenario = ctx.scenarioOr404(stored.scenarioId);
    // ?day=K: day K of a horizon plan (its stored routes); no such day → no routes.
    const day = req.query.day !== undefined && stored.plan.horizon ? Number(req.query.day) : undefined;
    const plan =
      day === undefined
        ? stored.plan
        : { ...stored.plan, routes: stored.plan.horizon?.perDay?.find((d) => d.day === day)?.routes ?? [] };
    const key = day === undefined ? stored.id : `${stored.id}#${day}`;
    let body = routeGeometries.get(key);
    if (!body) {
      body = JSON.stringify(await routesGeoJson(scenario, plan, ctx.networkKey(stored.scenarioId)));
      routeGeometries.set(key, body);
      while (routeGeometries.size > 20) routeGeometries.delete(routeGeometries.keys().next().value!);
    }
    res.type('application/geo+json').send(body);
  });

  router.get('/plans/:id/route-sheets.csv', async (req, res) => {
    const stored = ctx.planOr404(req.params.id);
    const scenario = ctx.scenarioOr404(stored.scenarioId);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`route-sheets-${stored.scenarioId}-day${stored.plan.day}.csv`)
      .send(await routeSheetsCsv(scenario, stored.plan, req.query.lang === 'en' ? 'en' : 'zh'));
  });

  return router;
}
