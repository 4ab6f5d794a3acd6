/** Scenario reports: coverage scorecard and upstream (first-mile) cost. */
import { Router } from 'express';
import type { PlanResult } from '../../planning/types.ts';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { coverageReport, upstreamReport } from '../reports.ts';

export function reportsRouter(ctx: AppContext): Router {
  const { store } = ctx;
  const router = Router();

  const planForScenario = (scenarioId: string, planId: unknown): PlanResult | undefined => {
    if (planId === undefined || planId === '') return undefined;
    const stored = ctx.planOr404(String(planId));
    if (stored.scenarioId !== scenarioId)
      throw new HttpError(
        400,
        'invalid_query',
        `planId: plan "${stored.id}" belongs to scenario "${stored.scenarioId}"`,
        'planId',
      );
    return stored.plan;
  };

  router.get('/scenarios/:id/coverage', async (req, res) => {
    const scenario = ctx.scenarioOr404(req.params.id);
    const planId = typeof req.query.planId === 'string' && req.query.planId ? req.query.planId : undefined;
    res.json(
      await coverageReport(scenario, ctx.networkKey(req.params.id), planForScenario(req.params.id, planId), planId),
    );
  });

  router.get('/scenarios/:id/upstream', async (req, res) => {
    const scenario = ctx.scenarioOr404(req.params.id);
    let plan = planForScenario(req.params.id, req.query.planId);
    if (!plan) {
      const day = Number(req.query.day ?? NaN);
      if (!Number.isInteger(day) || day < 1)
        throw new HttpError(400, 'invalid_query', 'day: a day number ≥ 1 (or planId) is required', 'day');
      for (const summary of store
        .listPlans(req.params.id)
        .slice()
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
        const candidate = store.getPlan(summary.id)!.plan;
        if (candidate.day === day && candidate.mode !== 'separate') {
          plan = candidate;
          break;
        }
      }
      if (!plan) {
        throw new HttpError(
          409,
          'plan_required',
          `no stored plan for day ${day}: run POST /api/scenarios/${req.params.id}/plans first`,
          'day',
        );
      }
    }
    res.json(await upstreamReport(scenario, plan));
  });

  return router;
}
