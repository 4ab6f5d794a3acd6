/** Jobs: list (paginated), status, cancel, and the Server-Sent Events stream of one job. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { TERMINAL, jobView, type JobEvent } from '../jobs.ts';

/** Page size of GET /api/jobs: default and largest. */
export const JOBS_PAGE = { default: 50, max: 500 } as const;

function pageParam(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new HttpError(400, 'invalid_query', `${name}: a whole number 0..${max}`, name);
  return n;
}

export function jobsRouter(ctx: AppContext): Router {
  const { store, jobs } = ctx;
  const router = Router();

  // ?scenarioId= &limit= (default 50, at most 500) &offset=; newest first; `total` counts all matching jobs.
  router.get('/jobs', (req, res) => {
    const scenarioId = typeof req.query.scenarioId === 'string' ? req.query.scenarioId : undefined;
    const limit = pageParam(req.query.limit, 'limit', JOBS_PAGE.default, JOBS_PAGE.max);
    const offset = pageParam(req.query.offset, 'offset', 0, Number.MAX_SAFE_INTEGER);
    const all = store.listJobs(scenarioId);
    res.json({ jobs: all.slice(offset, offset + limit).map(jobView), total: all.length, limit, offset });
  });

  router.get('/jobs/:id', (req, res) => {
    res.json(jobView(ctx.jobOr404(req.params.id)));
  });

  router.delete('/jobs/:id', (req, res) => {
    ctx.jobOr404(req.params.id);
    res.json(jobView(jobs.cancel(req.params.id)!));
  });

  // Server-Sent Events: `progress` (progress, bestCost), then one of `done` / `failed` / `cancelled`
  // (or `shutdown` when the server stops: the job is re-queued at the next start).
  router.get('/jobs/:id/events', (req: Request<{ id: string }>, res: Response) => {
    const job = ctx.jobOr404(req.params.id);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const send = (event: JobEvent) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event.job)}\n\n`);
    };
    const view = jobView(job);
    if (TERMINAL.has(job.status)) {
      send({ type: job.status as JobEvent['type'], job: view });
      res.end();
      return;
    }
    send({ type: 'status', job: view });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const unsubscribe = jobs.subscribe(job.id, (event) => {
      send(event);
      if (TERMINAL.has(event.job.status) || event.type === 'shutdown') {
        cleanup();
        res.end();
      }
    });
    const cleanup = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', cleanup);
  });

  return router;
}
