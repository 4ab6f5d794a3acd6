/** GET /api/health: liveness and a few counts (no secrets). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import type { AppContext } from '../context.ts';

export function healthRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({
      ok: true,
      version: '0.1.0',
      scenarios: ctx.store.listScenarios().length,
      activeJobs: ctx.jobs.activeCount,
      auth: ctx.authMode,
      web: existsSync(path.join(ctx.webDir, 'index.html')),
    });
  });
  return router;
}
