/**
 * JSON errors of the API: every failure is `{ error: { code, message, field?, issues? } }` with a fitting
 * HTTP status, so that tools and the web app can show the cause without parsing HTML.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { FieldIssue } from '../model/types.ts';

export interface ApiErrorBody {
  /** `issues` holds at most the first 100; `issueCount` is how many there were in all. */
  error: {
    code: string;
    message: string;
    field?: string;
    issues?: FieldIssue[];
    issueCount?: number;
    requestId?: string;
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly issues?: FieldIssue[],
    readonly issueCount?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): HttpError =>
  new HttpError(404, 'not_found', `${what} "${id}" not found`);

export function errorBody(err: HttpError): ApiErrorBody {
  const error: ApiErrorBody['error'] = { code: err.code, message: err.message };
  if (err.field !== undefined) error.field = err.field;
  if (err.issues !== undefined) {
    error.issues = err.issues.slice(0, 100);
    error.issueCount = err.issueCount ?? err.issues.length;
  }
  return { error };
}

/** Unknown /api paths get JSON, not the SPA page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no such endpoint: ${req.method} ${req.originalUrl}`));
};

/**
 * Maps body-parser, multer and our own errors to JSON. Unexpected errors are 500 with a fixed message and
 * the request id: their text may quote an uploaded file or a path, so it goes to the server log only.
 */
export const jsonErrors: ErrorRequestHandler = (err, req, res, _next) => {
  const requestId = (req as { id?: string }).id;
  let httpError: HttpError;
  if (err instanceof HttpError) httpError = err;
  else if (err?.code === 'queue_full') {
    // the job queue is bounded (QueueFullError of ./jobs.ts)
    res.setHeader('Retry-After', String(err.retryAfterSeconds ?? 30));
    httpError = new HttpError(429, 'queue_full', String(err.message));
  } else if (err?.type === 'entity.too.large' || err?.code === 'LIMIT_FILE_SIZE') {
    httpError = new HttpError(
      413,
      'payload_too_large',
      `request body too large${err.limit ? ` (limit ${err.limit} bytes)` : ''}`,
    );
  } else if (err?.type === 'entity.parse.failed') {
    httpError = new HttpError(400, 'invalid_json', `malformed JSON body: ${String(err.message).slice(0, 200)}`);
  } else if (typeof err?.code === 'string' && err.code.startsWith('LIMIT_')) {
    httpError = new HttpError(400, 'invalid_upload', `upload rejected: ${err.message}`, err.field);
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    httpError = new HttpError(err.status, 'bad_request', String(err.message ?? 'bad request'));
  } else {
    httpError = new HttpError(
      500,
      'internal',
      `internal error${requestId ? ` (request ${requestId}; details in the server log)` : ' (details in the server log)'}`,
    );
    if (process.env.GONGPEI_LOG !== 'silent')
      process.stderr.write(`gongpei server: ${requestId ?? '-'} ${err?.stack ?? err}\n`);
  }
  if (res.headersSent) return;
  const body = errorBody(httpError);
  if (requestId) body.error.requestId = requestId;
  res.status(httpError.status).json(body);
};
