/**
 * Map edits over HTTP: POST /api/scenarios/:id/edits applies a batch of edits as one new version (validated
 * like an import; nothing changes on error), and GET /api/scenarios/:id/siting gives the cheapest new
 * stations that reach the coverage targets, ready to be sent back as `set hasStation` edits.
 */
import { PromiseCache } from '../../util/promise-cache.ts';
import { Router } from 'express';
import { z } from 'zod';
import { siteStations } from '../../planning/siting.ts';
import { editsSchema } from '../../store/versions-edit.ts';
import { HttpError, notFound } from '../errors.ts';
import { scenarioMatrix } from '../../network/index.ts';
import type { TravelMatrix } from '../../network/types.ts';
import type { Store } from '../../store/types.ts';
import { authorOf } from '../security.ts';
import { asHttpError, versionsOf } from './versions.ts';

const editBodySchema = z
  .object({
    edits: editsSchema,
    author: z.string().max(100).optional(),
    message: z.string().max(500).optional(),
    kind: z.enum(['edit', 'hubs', 'siting']).optional(),
  })
  .strict();

export function editsRouter(store: Store): Router {
  const router = Router();
  // Siting prices villages without a station too, so it needs the matrix over every place (the CLI's),
  // not the planning network. One entry per scenario version (the disk cache makes a rebuild cheap).
  /** Matrices over every place (siting prices villages without stations too), by scenario version. */
  const matrices = new PromiseCache<string, TravelMatrix>(3);

  router.post('/scenarios/:id/edits', async (req, res) => {
    if (!store.getScenario(req.params.id)) throw notFound('scenario', req.params.id);
    const parsed = editBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue.path.map(String).join('.');
      throw new HttpError(400, 'invalid_body', `${field || 'body'}: ${issue.message}`, field);
    }
    // The version's author is the token's name; a body author naming someone else is refused (authorOf).
    const author = authorOf(req, parsed.data.author);
    try {
      res.status(201).json(await versionsOf(store).edit(req.params.id, { ...parsed.data, author }));
    } catch (err) {
      throw asHttpError(err);
    }
  });

  router.get('/scenarios/:id/siting', async (req, res) => {
    const scenario = store.getScenario(req.params.id);
    if (!scenario) throw notFound('scenario', req.params.id);
    const planId = typeof req.query.planId === 'string' && req.query.planId ? req.query.planId : undefined;
    const stored = planId ? store.getPlan(planId) : null;
    if (planId && (!stored || stored.scenarioId !== req.params.id))
      throw new HttpError(400, 'invalid_query', `planId: no plan "${planId}" of this scenario`, 'planId');
    const key = `${req.params.id}@${store.listScenarios().find((s) => s.id === req.params.id)?.updatedAt ?? ''}`;
    const matrix = await matrices.get(key, () => scenarioMatrix(scenario));
    const result = await siteStations(scenario, matrix, { plan: stored?.plan ?? null });
    const byId = new Map(scenario.places.map((p) => [p.id, p]));
    res.json({
      ...result,
      stations: result.stations.map((s) => ({
        ...s,
        lon: byId.get(s.villageId)?.lon,
        lat: byId.get(s.villageId)?.lat,
      })),
    });
  });

  return router;
}
