/** GET /api/audit (admin): the audit log of writes, newest first, paginated (?limit= ≤ 1000, ?offset=). */
import { Router } from 'express';
import type { AppContext } from '../context.ts';
import { HttpError } from '../errors.ts';
import { requireRole } from '../security.ts';

export function auditRouter(ctx: AppContext): Router {
  const router = Router();
  router.get('/audit', requireRole('admin'), (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new HttpError(400, 'invalid_query', 'limit: a whole number 1..1000', 'limit');
    if (!Number.isInteger(offset) || offset < 0)
      throw new HttpError(400, 'invalid_query', 'offset: a whole number ≥ 0', 'offset');
    res.json({ ...ctx.store.listAudit(limit, offset), limit, offset });
  });
  return router;
}
