/**
 * HTTP API of daily operations (issue 12): manifests, plans of a date, dispatches and their sheets, actuals
 * (file import and the driver page's entries), the ledger and reports. Mounted under /api by one line in
 * ../app.ts; errors go to the app's JSON error handler. Documents follow the UI language (?lang= or
 * Accept-Language).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { Store } from '../../store/types.ts';
import { OperationsConflict, OperationsStore } from '../../store/operations.ts';
import { HttpError } from '../errors.ts';
import { allowCarrierPaths, requireScope } from '../security.ts';
import { dispatchForCarrier, manifestsForCarrier } from '../../operations/scope.ts';
import { importManifest, manifestSummary } from '../../operations/manifests.ts';
import {
  dispatchFiles,
  dispatchPlan,
  dispatchView,
  planDateAndSave,
  DISPATCH_FILES,
} from '../../operations/service.ts';
import { importActualsFile, recordDriverEntries } from '../../operations/actuals.ts';
import { effectiveActuals } from '../../operations/carry.ts';
import { buildLedger, ledgerXlsx } from '../../operations/ledger.ts';
import { buildReport, parsePeriod, reportPdf, reportXlsx } from '../../operations/report.ts';
import { InputError, issueText, requireDate } from '../../operations/table-file.ts';
import { namesOf } from '../../operations/sheets.ts';
import { pickLang } from '../../operations/i18n.ts';
import { toChinese } from '../../operations/messages-zh.ts';

type Handler = (req: Request, res: Response) => Promise<void> | void;

// A carrier token reads these, each answer filtered to its own carrier below (everything else stays denied).
allowCarrierPaths(
  /^\/api\/scenarios\/[^/]+\/(manifests|dispatches|ledger)$/,
  /^\/api\/dispatches\/[^/]+(\/(dispatch\.pdf|dispatch\.xlsx|routes\.csv))?$/,
);

/**
 * Operator input errors become 400 with every issue; a refused second import or dispatch is 409. Messages
 * follow the UI language (?lang= or Accept-Language; Chinese by default).
 */
function wrap(fn: Handler) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (err) {
      const zh = pickLang(req.headers['accept-language'], req.query.lang) === 'zh';
      const say = (m: string) => (zh ? toChinese(m) : m);
      if (err instanceof InputError) {
        const issues = err.issues.map((i) => ({ ...i, message: say(i.message) }));
        next(
          new HttpError(
            400,
            'invalid_input',
            issues.map(issueText).join('\n'),
            err.issues[0]?.field ?? undefined,
            issues,
          ),
        );
      } else if (err instanceof OperationsConflict) next(new HttpError(409, 'conflict', say(err.message)));
      else next(err);
    }
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/**
 * A dispatch's `files` as the API gives them: the download URLs of its sheets, never the paths the CLI wrote
 * them to (`dispatch --out`), which would show the server's file system to every reader.
 */
const fileLinks = (id: string) => DISPATCH_FILES.map((name) => `/api/dispatches/${encodeURIComponent(id)}/${name}`);
const apiView = (d: Parameters<typeof dispatchView>[0]) => ({ ...dispatchView(d), files: fileLinks(d.id) });

/** What every operations route shares: the stores, upload parsing, language and scoped look-ups. */
function opsContext(store: Store) {
  const ops = () => OperationsStore.of(store);
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 16 * 1024 * 1024, files: 1 } });
  const lang = (req: Request) => pickLang(req.headers['accept-language'], req.query.lang);
  const scenarioOr404 = (id: string) => {
    const s = store.getScenario(id);
    if (!s) throw new HttpError(404, 'not_found', `scenario "${id}" not found`);
    return s;
  };
  const dispatchOr404 = (id: string) => {
    const d = ops().getDispatch(id);
    if (!d) throw new HttpError(404, 'not_found', `dispatch "${id}" not found`);
    return d;
  };
  /** The carrier a read is limited to: a carrier token's own (asking for another is 403), else ?carrier= if given. */
  const readCarrier = (req: Request): string | null => {
    const asked = str(req.query.carrier) || undefined;
    return requireScope(req, asked) ?? asked ?? null;
  };
  /** A dispatch as the caller may read it (a carrier token: its own lines only). */
  const scopedDispatch = (req: Request, id: string) => {
    const d = dispatchOr404(id);
    const carrier = readCarrier(req);
    return carrier === null ? d : dispatchForCarrier(d, carrier);
  };
  /** The uploaded file: multipart field "file", or a raw body named by ?filename=. */
  const uploaded = (req: Request): { name: string; bytes: Uint8Array } => {
    const f = (req as Request & { file?: Express.Multer.File }).file;
    if (f) return { name: f.originalname || 'upload.csv', bytes: new Uint8Array(f.buffer) };
    if (Buffer.isBuffer(req.body) && req.body.length > 0)
      return { name: str(req.query.filename) || 'upload.csv', bytes: new Uint8Array(req.body) };
    throw new HttpError(
      400,
      'invalid_upload',
      'file: send the CSV or XLSX as multipart field "file" (or a raw body with ?filename=)',
      'file',
    );
  };
  const raw = express.raw({
    type: ['text/csv', 'application/octet-stream', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    limit: 16 * 1024 * 1024,
  });

  return { store, ops, upload, lang, scenarioOr404, dispatchOr404, readCarrier, scopedDispatch, uploaded, raw };
}

type OpsContext = ReturnType<typeof opsContext>;

export function operationsRouter(store: Store): Router {
  const r = Router();
  const c = opsContext(store);
  manifestRoutes(r, c);
  datePlanRoutes(r, c);
  dispatchRoutes(r, c);
  actualsRoutes(r, c);
  ledgerRoutes(r, c);
  return r;
}

/** Manifests of a date, per carrier: list and import (all or nothing). */
function manifestRoutes(r: Router, { ops, upload, scenarioOr404, readCarrier, uploaded, raw }: OpsContext): void {
  // --- manifests
  r.get(
    '/scenarios/:id/manifests',
    wrap((req, res) => {
      scenarioOr404(req.params.id as string);
      const date = req.query.date ? requireDate(str(req.query.date), 'date') : undefined;
      res.json({
        manifests: manifestsForCarrier(ops().listManifests(req.params.id as string, date), readCarrier(req)).map(
          (m) => ({ ...manifestSummary(m), source: m.source, createdAt: m.createdAt }),
        ),
      });
    }),
  );
  r.post(
    '/scenarios/:id/manifests',
    raw,
    upload.single('file'),
    wrap(async (req, res) => {
      const scenario = scenarioOr404(req.params.id as string);
      const body = (req.body && !Buffer.isBuffer(req.body) ? req.body : {}) as Record<string, string>;
      const file = uploaded(req);
      const replace = [str(req.query.replace), body.replace].some((v) => v === 'true' || v === '1');
      const summary = await importManifest(ops(), {
        scenarioId: req.params.id as string,
        scenario,
        date: str(req.query.date) || body.date || '',
        carrierId: str(req.query.carrier) || body.carrier || '',
        fileName: file.name,
        bytes: file.bytes,
        replace,
      });
      res.status(201).json(summary);
    }),
  );
}

/** Plans of a calendar date: POST /plans with { date } (other bodies go on to the day planner's jobs), and the list. */
function datePlanRoutes(r: Router, { store, ops, scenarioOr404 }: OpsContext): void {
  // --- plan of a calendar date (POST /plans with { date }; other bodies go on to the day planner's jobs)
  const planDate = wrap(async (req, res) => {
    const body = req.body as Record<string, unknown>;
    scenarioOr404(req.params.id as string);
    const extra = Object.keys(body).filter((k) => !['date', 'timeLimit', 'seed'].includes(k));
    if (extra.length > 0)
      throw new HttpError(400, 'invalid_body', `${extra[0]}: not allowed with date (date, timeLimit, seed)`, extra[0]);
    const timeLimit = body.timeLimit === undefined ? undefined : Number(body.timeLimit);
    if (timeLimit !== undefined && !(timeLimit > 0 && timeLimit <= 600))
      throw new HttpError(400, 'invalid_body', 'timeLimit: seconds in (0, 600]', 'timeLimit');
    const plan = await planDateAndSave(store, req.params.id as string, requireDate(String(body.date), 'date'), {
      timeLimit,
      seed: body.seed === undefined ? undefined : Number(body.seed),
    });
    res.status(201).location(`/api/plans/${plan.id}`).json(plan);
  });
  r.post('/scenarios/:id/plans', (req, res, next) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body) || body.date === undefined) return next();
    return planDate(req, res, next);
  });

  r.get(
    '/scenarios/:id/date-plans',
    wrap((req, res) => {
      scenarioOr404(req.params.id as string);
      const dispatched = new Map(
        ops()
          .listDispatches(req.params.id as string)
          .map((d) => [d.planId, d.id] as const),
      );
      res.json({
        plans: ops()
          .listDatePlans(req.params.id as string)
          .map((p) => ({ ...p, dispatchId: dispatched.get(p.planId) ?? null })),
      });
    }),
  );
}

/** Frozen dispatches and their sheets (a carrier token sees its own lines only). */
function dispatchRoutes(r: Router, { store, ops, lang, scenarioOr404, readCarrier, scopedDispatch }: OpsContext): void {
  // --- dispatches
  r.post(
    '/plans/:id/dispatch',
    wrap(async (req, res) => {
      // Body { day, date } dispatches day K of a horizon plan (date: the plan's date + K − 1 unless given).
      const body = (req.body ?? {}) as { day?: unknown; date?: unknown };
      const day = body.day === undefined || body.day === null ? undefined : Number(body.day);
      const date = typeof body.date === 'string' ? body.date : undefined;
      res.status(201).json(apiView(await dispatchPlan(store, req.params.id as string, undefined, 'zh', { day, date })));
    }),
  );
  r.get(
    '/scenarios/:id/dispatches',
    wrap((req, res) => {
      scenarioOr404(req.params.id as string);
      const carrier = readCarrier(req);
      res.json({
        dispatches: ops()
          .listDispatches(req.params.id as string)
          .map((d) => apiView(carrier === null ? d : dispatchForCarrier(d, carrier))),
      });
    }),
  );
  r.get(
    '/dispatches/:id',
    wrap((req, res) => {
      const d = scopedDispatch(req, req.params.id as string);
      const n = namesOf(scenarioOr404(d.scenarioId));
      const actual = effectiveActuals(ops().actuals(d.id));
      res.json({
        ...d,
        files: fileLinks(d.id),
        lines: d.lines.map((l) => ({
          ...l,
          station: n.place(l.stationId),
          township: n.township(l.stationId),
          carrier: n.carrier(l.carrierId),
          actual: actual.get(`${l.vehicle}|${l.stationId}|${l.carrierId}`) ?? null,
        })),
      });
    }),
  );
  for (const name of DISPATCH_FILES) {
    r.get(
      `/dispatches/:id/${name}`,
      wrap(async (req, res) => {
        const d = scopedDispatch(req, req.params.id as string);
        const files = await dispatchFiles(store, d, lang(req));
        res
          .type(
            name.endsWith('.pdf')
              ? 'application/pdf'
              : name.endsWith('.csv')
                ? 'text/csv; charset=utf-8'
                : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .attachment(`${d.date}-${name}`)
          .send(files[name]);
      }),
    );
  }
}

/** What was delivered: an actuals file, or the driver page's entries (idempotent by entry id). */
function actualsRoutes(r: Router, { ops, upload, dispatchOr404, uploaded, raw }: OpsContext): void {
  // --- actuals
  r.post(
    '/dispatches/:id/actuals',
    raw,
    upload.single('file'),
    wrap(async (req, res) => {
      dispatchOr404(req.params.id as string);
      const file = uploaded(req);
      res.status(201).json(await importActualsFile(ops(), req.params.id as string, file.name, file.bytes));
    }),
  );
  r.post(
    '/dispatches/:id/entries',
    wrap((req, res) => {
      dispatchOr404(req.params.id as string);
      res.status(201).json(recordDriverEntries(ops(), req.params.id as string, req.body));
    }),
  );
}

/** The ledger (台账) and reports upward. */
function ledgerRoutes(r: Router, { store, ops, lang, scenarioOr404, readCarrier }: OpsContext): void {
  // --- ledger and reports
  r.get(
    '/scenarios/:id/ledger',
    wrap(async (req, res) => {
      const scenario = scenarioOr404(req.params.id as string);
      const from = requireDate(str(req.query.from), 'from');
      const to = requireDate(str(req.query.to), 'to');
      const ledger = buildLedger(ops(), req.params.id as string, from, to, readCarrier(req));
      if (req.query.format === 'xlsx') {
        res
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .attachment(`ledger-${from}-${to}.xlsx`)
          .send(await ledgerXlsx(scenario, ledger, lang(req)));
        return;
      }
      res.json(ledger);
    }),
  );
  r.get(
    '/scenarios/:id/report',
    wrap(async (req, res) => {
      const scenario = scenarioOr404(req.params.id as string);
      const q = (k: string) => (req.query[k] === undefined ? undefined : str(req.query[k]));
      const period = parsePeriod({ date: q('date'), month: q('month'), year: q('year') });
      const report = await buildReport(store, req.params.id as string, period);
      if (req.query.format === 'pdf') {
        res
          .type('application/pdf')
          .attachment(`report-${period.value}.pdf`)
          .send(await reportPdf(report, scenario.county.name, lang(req)));
        return;
      }
      if (req.query.format === 'xlsx') {
        res
          .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .attachment(`report-${period.value}.xlsx`)
          .send(await reportXlsx(report, lang(req)));
        return;
      }
      res.json(report);
    }),
  );
  // Recording a report is a write (audited, operator): it stores the dated scorecard snapshot that later reads
  // of the period show. GET never stores anything (reads never write).
  r.post(
    '/scenarios/:id/reports',
    wrap(async (req, res) => {
      scenarioOr404(req.params.id as string);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body))
        throw new HttpError(400, 'invalid_body', 'expected a JSON object { month | year | date }', '');
      const extra = Object.keys(body).find((k) => !['month', 'year', 'date'].includes(k));
      if (extra) throw new HttpError(400, 'invalid_body', `${extra}: not allowed (month, year or date)`, extra);
      const bad = (['month', 'year', 'date'] as const).find(
        (k) => body[k] !== undefined && typeof body[k] !== 'string',
      );
      if (bad) throw new HttpError(400, 'invalid_body', `${bad}: expected text, e.g. "2026-12"`, bad);
      const q = (k: 'month' | 'year' | 'date') => body[k] as string | undefined;
      const period = parsePeriod({ date: q('date'), month: q('month'), year: q('year') });
      res.status(201).json(await buildReport(store, req.params.id as string, period, { record: true }));
    }),
  );
}
