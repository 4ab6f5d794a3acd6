/**
 * JSON errors of the API: every failure is `{ error: { code, message, field?, issues? } }` with a fitting
 * HTTP status, so that tools and the web app can show the cause without parsing HTML.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { FieldIssue } from '../model/types.ts';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string; issues?: FieldIssue[] };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string): HttpError =>
  new HttpError(404, 'not_found', `${what} "${id}" not found`);

export function errorBody(err: HttpError): ApiErrorBody {
  const error: ApiErrorBody['error'] = { code: err.code, message: err.message };
  if (err.field !== undefined) error.field = err.field;
  if (err.issues !== undefined) error.issues = err.issues;
  return { error };
}

/** Unknown /api paths get JSON, not the SPA page. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no such endpoint: ${req.method} ${req.originalUrl}`));
};

/** Maps body-parser, multer and our own errors to JSON. Unexpected errors are 500 with their message. */
export const jsonErrors: ErrorRequestHandler = (err, _req, res, _next) => {
  let httpError: HttpError;
  if (err instanceof HttpError) httpError = err;
  else if (err?.type === 'entity.too.large' || err?.code === 'LIMIT_FILE_SIZE') {
    httpError = new HttpError(413, 'payload_too_large', `request body too large${err.limit ? ` (limit ${err.limit} bytes)` : ''}`);
  } else if (err?.type === 'entity.parse.failed') {
    httpError = new HttpError(400, 'invalid_json', `malformed JSON body: ${err.message}`);
  } else if (typeof err?.code === 'string' && err.code.startsWith('LIMIT_')) {
    httpError = new HttpError(400, 'invalid_upload', `upload rejected: ${err.message}`, err.field);
  } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
    httpError = new HttpError(err.status, 'bad_request', String(err.message ?? 'bad request'));
  } else {
    httpError = new HttpError(500, 'internal', err instanceof Error ? err.message : String(err));
    if (process.env.GONGPEI_LOG !== 'silent') process.stderr.write(`gongpei server: ${err?.stack ?? err}\n`);
  }
  if (res.headersSent) return;
  res.status(httpError.status).json(errorBody(httpError));
};
