/**
 * Request-level security of the API (see docs/security.md for the threat model):
 * - request ids and a one-line request log;
 * - helmet headers, with a CSP that lets the Leaflet app load tiles from any https/http tile server;
 * - Host check on every /api request (loopback names and the configured hosts only) and Origin check on
 *   writes (the server's own origin, i.e. the Host the request was sent to, or GONGPEI_ALLOWED_ORIGINS);
 * - bearer tokens with roles viewer < operator < admin, and carrier-scoped tokens (read only, own carrier);
 *   carrier tokens imply that every read needs a token (`readsNeedToken`: carrier isolation by default);
 * - the author of a recorded change is the token's name (`authorOf`), never the request body's word;
 * - the audit log of every write.
 * Routers call `requireRole(...)`, `carrierScope(req)` / `requireScope(req)`, `allowCarrierPaths` and
 * `authorOf` from here.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import type { Store } from '../store/types.ts';
import { HttpError } from './errors.ts';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export interface TokenEntry {
  token: string;
  /** Who: shown in the audit log and on jobs. */
  name: string;
  role: Role;
  /** Carrier-scoped token: reads only its carrier's data (role is viewer). */
  carrier?: string;
}

export interface AuthInfo {
  name: string;
  role: Role;
  carrier: string | null;
  /** true when the caller showed a known token; false on an open server and for anonymous readers. */
  authenticated: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Request id (also the X-Request-Id response header). */
    id?: string;
    /** The caller, when a token was given (or 'anonymous' with the open role). */
    auth?: AuthInfo;
  }
}

const tokenFileSchema = z.array(
  z
    .object({
      token: z.string().min(16, 'tokens must be at least 16 characters'),
      name: z.string().min(1),
      role: z.enum(ROLES),
      carrier: z.string().min(1).optional(),
    })
    .strict(),
);

/**
 * Tokens from (in order, all merged): `GONGPEI_TOKENS` (JSON array), the file `GONGPEI_TOKENS_FILE`
 * (same JSON), and the single legacy `GONGPEI_TOKEN` (an admin token named "admin").
 */
export function loadTokens(env: NodeJS.ProcessEnv = process.env, legacyToken?: string): TokenEntry[] {
  const out: TokenEntry[] = [];
  const add = (json: string, where: string) => {
    let data: unknown;
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new Error(`${where}: not JSON (${(err as Error).message}); expected [{"token","name","role","carrier"?}]`);
    }
    const parsed = tokenFileSchema.safeParse(data);
    if (!parsed.success) {
      const iss = parsed.error.issues[0];
      throw new Error(`${where}: ${iss.path.join('.')}: ${iss.message}`);
    }
    for (const t of parsed.data) {
      if (t.carrier && t.role !== 'viewer')
        throw new Error(`${where}: token "${t.name}": a carrier-scoped token must have role viewer`);
      out.push(
        t.carrier
          ? { token: t.token, name: t.name, role: t.role, carrier: t.carrier }
          : { token: t.token, name: t.name, role: t.role },
      );
    }
  };
  if (env.GONGPEI_TOKENS) add(env.GONGPEI_TOKENS, 'GONGPEI_TOKENS');
  if (env.GONGPEI_TOKENS_FILE) {
    let text: string;
    try {
      text = readFileSync(env.GONGPEI_TOKENS_FILE, 'utf8');
    } catch (err) {
      throw new Error(
        `GONGPEI_TOKENS_FILE ${env.GONGPEI_TOKENS_FILE}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`,
      );
    }
    add(text, env.GONGPEI_TOKENS_FILE);
  }
  if (legacyToken) out.push({ token: legacyToken, name: 'admin', role: 'admin' });
  return out;
}

function tokenOf(header: string | undefined): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1].trim() : null;
}

function findToken(given: string, tokens: TokenEntry[]): TokenEntry | null {
  const a = Buffer.from(given);
  let found: TokenEntry | null = null;
  for (const t of tokens) {
    const b = Buffer.from(t.token);
    // compare against every token (no early exit) in constant time per token
    if (a.length === b.length && timingSafeEqual(a, b)) found = t;
  }
  return found;
}

export interface AuthOptions {
  tokens: TokenEntry[];
  /** Require a token for reads too (served beyond loopback, and always with carrier tokens: readsNeedToken). */
  requireTokenForReads: boolean;
}

/** A setting the server cannot start with; the message is in Chinese and English (zh first). */
export class ConfigError extends Error {
  constructor(zh: string, en: string) {
    super(`${zh}\n${en}`);
    this.name = 'ConfigError';
  }
}

/**
 * Whether reads need a token, from the configured tokens and GONGPEI_REQUIRE_TOKEN_FOR_READS (`setting`).
 * Carrier isolation holds by default: carriers are competing tenants on the same LAN, so an anonymous read
 * would show one carrier every other carrier's volumes (ledger, dispatch sheets, plans, the county's demand).
 * - unset or "": reads need a token exactly when some token is carrier-scoped;
 * - "1" / true: reads need a token (and some token must be configured, else the API would be open);
 * - "0" / false: reads are open to anonymous viewers; refused together with carrier tokens;
 * - anything else: refused (a typo must not silently leave the server open).
 * Throws ConfigError: the server does not start.
 */
export function readsNeedToken(tokens: TokenEntry[], setting: string | boolean | undefined): boolean {
  const carriers = tokens.filter((t) => t.carrier).map((t) => `"${t.name}" (${t.carrier})`);
  let explicit: boolean | undefined;
  if (typeof setting === 'boolean') explicit = setting;
  else if (setting === '1') explicit = true;
  else if (setting === '0') explicit = false;
  else if (setting !== undefined && setting.trim() !== '')
    throw new ConfigError(
      `GONGPEI_REQUIRE_TOKEN_FOR_READS 只能是 1 或 0（或不设置），现在是“${setting.slice(0, 40)}”`,
      `GONGPEI_REQUIRE_TOKEN_FOR_READS: expected 1 or 0 (or unset), got "${setting.slice(0, 40)}"`,
    );
  if (explicit === false && carriers.length > 0)
    throw new ConfigError(
      `拒绝启动：已配置快递公司令牌 ${carriers.join('、')}，但 GONGPEI_REQUIRE_TOKEN_FOR_READS=0 允许匿名读取，任何人都能看到各快递公司的件量（台账、派车单、计划）。请删除该设置（有快递公司令牌时读取默认需要令牌），或去掉快递公司令牌。`,
      `refusing to start: carrier tokens are configured (${carriers.join(', ')}) but GONGPEI_REQUIRE_TOKEN_FOR_READS=0 opens reads to anyone, which shows every carrier's volumes (ledger, dispatch sheets, plans) to any carrier. Remove the setting (with carrier tokens, reads need a token by default) or remove the carrier tokens.`,
    );
  if (explicit === true && tokens.length === 0)
    throw new ConfigError(
      '拒绝启动：GONGPEI_REQUIRE_TOKEN_FOR_READS=1 但没有配置任何令牌（GONGPEI_TOKENS / GONGPEI_TOKENS_FILE / GONGPEI_TOKEN），API 将对所有人开放。',
      'refusing to start: GONGPEI_REQUIRE_TOKEN_FOR_READS=1 but no token is configured (GONGPEI_TOKENS / GONGPEI_TOKENS_FILE / GONGPEI_TOKEN): the API would be open to everyone.',
    );
  return explicit ?? carriers.length > 0;
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

/**
 * Who is calling. With no tokens configured the API is open (the default on loopback): everyone is an
 * anonymous admin. With tokens: reads are open (anonymous viewer) unless `requireTokenForReads` (always so
 * with carrier tokens, see readsNeedToken); writes need a token of at least operator (routes raise it with
 * requireRole('admin')).
 */
export function authenticate(options: AuthOptions): RequestHandler {
  const isolated = options.tokens.some((t) => t.carrier);
  return (req, _res, next) => {
    if (options.tokens.length === 0) {
      req.auth = { name: 'anonymous', role: 'admin', carrier: null, authenticated: false };
      return next();
    }
    const given = tokenOf(req.headers.authorization);
    if (given !== null) {
      const entry = findToken(given, options.tokens);
      if (!entry) return next(new HttpError(401, 'unauthorized', 'unknown token', 'authorization'));
      req.auth = { name: entry.name, role: entry.role, carrier: entry.carrier ?? null, authenticated: true };
      if (entry.carrier && !isRead(req.method))
        return next(new HttpError(403, 'forbidden', 'a carrier token may only read', 'authorization'));
      return next();
    }
    if (isRead(req.method) && !options.requireTokenForReads) {
      req.auth = { name: 'anonymous', role: 'viewer', carrier: null, authenticated: false };
      return next();
    }
    next(
      new HttpError(
        401,
        'unauthorized',
        isRead(req.method)
          ? `this server requires "Authorization: Bearer <token>" on every request${isolated ? " (carrier tokens are configured: reads need a token so that no carrier sees another carrier's data)" : ''} / 本服务器的每个请求都需要令牌${isolated ? '（已配置快递公司令牌：读取也需要令牌，各快递公司的数据互不可见）' : ''}`
          : 'this server requires "Authorization: Bearer <token>" on write requests / 写操作需要令牌',
        'authorization',
      ),
    );
  };
}

/** Writes need at least `role`; reads need a viewer (every authenticated caller is one). */
export function requireRole(role: Role): RequestHandler {
  return (req, _res, next) => {
    const auth = req.auth;
    if (!auth || RANK[auth.role] < RANK[role]) {
      return next(
        new HttpError(
          403,
          'forbidden',
          `needs role ${role}${auth ? ` (token "${auth.name}" is ${auth.role})` : ''}`,
          'authorization',
        ),
      );
    }
    next();
  };
}

/** Writes default to operator; routers raise single routes with requireRole('admin'). */
export const writesNeedOperator: RequestHandler = (req, res, next) =>
  isRead(req.method) ? next() : requireRole('operator')(req, res, next);

/**
 * Who a recorded change (a scenario version, a report snapshot) is by. With tokens it is the token's name:
 * a body `author` may repeat it and is refused (400) if it names anyone else, so history cannot be forged.
 * On an open server (no tokens, loopback) nobody is authenticated: the body's name is kept as the caller's
 * own word (default "anonymous"), and the audit log says "anonymous".
 */
export function authorOf(req: Request, claimed: unknown): string {
  if (claimed !== undefined && claimed !== null && typeof claimed !== 'string')
    throw new HttpError(400, 'invalid_body', 'author: expected a name (text) / author 应为文字', 'author');
  const given = typeof claimed === 'string' ? claimed.trim().slice(0, 100) : '';
  const auth = req.auth;
  if (auth?.authenticated) {
    if (given && given !== auth.name)
      throw new HttpError(
        400,
        'invalid_body',
        `author: "${given.slice(0, 40)}" is not this token's name "${auth.name}"; the author of a change is the token that makes it (leave author out) / 作者“${given.slice(0, 40)}”不是本令牌的名称“${auth.name}”：修改记录的作者就是令牌本身，请不要填写 author`,
        'author',
      );
    return auth.name;
  }
  return given || 'anonymous';
}

// ------------------------------------------------------------------------------------------ carrier scope

/** The carrier a request is confined to, or null for an unscoped caller. */
export function carrierScope(req: Request): string | null {
  return req.auth?.carrier ?? null;
}

/**
 * For routes that serve one carrier's data (manifests, ledger): a scoped caller may only ask for its own
 * carrier. Returns the carrier the response must be limited to (null = unscoped, may see all).
 */
export function requireScope(req: Request, carrierId?: string): string | null {
  const scope = carrierScope(req);
  if (scope !== null && carrierId !== undefined && carrierId !== scope) {
    throw new HttpError(403, 'forbidden', `this token reads carrier "${scope}" only`, 'carrier');
  }
  return scope;
}

/**
 * Paths a carrier-scoped token may read (default deny): health and the carrier views under /api/carrier/.
 * A router that filters its answers by carrierScope(req) adds its paths once at module load:
 * `allowCarrierPaths(/^\/api\/scenarios\/[^/]+\/manifests$/)`.
 */
const CARRIER_PATHS: RegExp[] = [/^\/api\/health$/, /^\/api\/carrier\//];

export function allowCarrierPaths(...patterns: RegExp[]): void {
  CARRIER_PATHS.push(...patterns);
}

/** Before the routers: a carrier token on any other path is refused, so no unfiltered handler runs for it. */
export const carrierGate: RequestHandler = (req, _res, next) => {
  if (carrierScope(req) === null) return next();
  const path = req.originalUrl.split('?')[0];
  if (CARRIER_PATHS.some((re) => re.test(path))) return next();
  next(
    new HttpError(
      403,
      'forbidden',
      "a carrier token may only read its own carrier's plans, manifests and ledger (/api/carrier/…)",
      'authorization',
    ),
  );
};

// ------------------------------------------------------------------------------------------ host and origin

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

function hostName(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0];
}

/**
 * GONGPEI_ALLOWED_ORIGINS: comma-separated origins (`scheme://host[:port]`, e.g. `https://gongpei.office`)
 * whose pages may write besides the server's own. Normalised with URL (default ports dropped); a malformed
 * entry is a ConfigError, not a silently ignored one.
 */
export function parseAllowedOrigins(text: string | undefined): string[] {
  const out: string[] = [];
  for (const entry of (text ?? '').split(',').map((e) => e.trim())) {
    if (!entry) continue;
    let url: URL | null = null;
    try {
      url = new URL(entry);
    } catch {
      // refused below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search)
      throw new ConfigError(
        `GONGPEI_ALLOWED_ORIGINS：“${entry.slice(0, 100)}”不是来源（scheme://主机[:端口]，例如 https://gongpei.office）`,
        `GONGPEI_ALLOWED_ORIGINS: "${entry.slice(0, 100)}" is not an origin (scheme://host[:port], e.g. https://gongpei.office)`,
      );
    out.push(url.origin);
  }
  return out;
}

/**
 * True when `origin` is the origin the request was sent to: http or https, and host with port equal to the
 * request's Host header (default ports aside). The scheme is not compared to ours: behind a TLS proxy the
 * page is https and we are http, and no other server can answer on the same host and port anyway.
 */
function isOwnOrigin(origin: URL, hostHeader: string): boolean {
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') return false;
  const defaultPort = origin.protocol === 'https:' ? ':443' : ':80';
  let host = hostHeader.trim().toLowerCase();
  if (host.endsWith(defaultPort)) host = host.slice(0, -defaultPort.length);
  return origin.host === host;
}

/**
 * Host on every /api request (a rebinding page reaches us under its own name) and Origin on writes (a form
 * POST or fetch from any page carries its Origin). Hosts: loopback names and `allowedHosts`
 * (GONGPEI_ALLOWED_HOSTS). Origins: the server's own (scheme, host and port of the Host the request was sent
 * to, so a page on another local port is refused) and `allowedOrigins` (GONGPEI_ALLOWED_ORIGINS).
 */
export function hostAndOriginCheck(allowedHosts: string[], allowedOrigins: string[] = []): RequestHandler {
  const allowed = new Set([...LOOPBACK, ...allowedHosts.map((h) => h.trim().toLowerCase()).filter(Boolean)]);
  const origins = new Set(allowedOrigins);
  return (req, _res, next) => {
    const host = req.headers.host;
    if (!host || !allowed.has(hostName(host))) {
      return next(
        new HttpError(
          403,
          'forbidden_host',
          `Host "${String(host ?? '').slice(0, 100)}" is not served (add it to GONGPEI_ALLOWED_HOSTS)`,
          'host',
        ),
      );
    }
    if (!isRead(req.method)) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== 'null') {
        let url: URL | null = null;
        try {
          url = new URL(origin);
        } catch {
          // unparsable: refused below
        }
        if (!url || !(origins.has(url.origin) || isOwnOrigin(url, host))) {
          return next(
            new HttpError(
              403,
              'forbidden_origin',
              `cross-site write refused (Origin "${origin.slice(0, 100)}" is not this server's origin; list trusted pages in GONGPEI_ALLOWED_ORIGINS) / 拒绝跨站写入（来源不是本服务器）`,
              'origin',
            ),
          );
        }
      } else if (origin === 'null') {
        return next(new HttpError(403, 'forbidden_origin', 'cross-site write refused (Origin null)', 'origin'));
      }
      // A form post cannot set a JSON content type; a request without Origin is a tool (curl, the CLI), not a page.
    }
    next();
  };
}

// ------------------------------------------------------------------------------------------ headers

/** helmet: CSP for the Leaflet app (tiles from any http/https server the user configures), no framing. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    // No TLS by default (office LAN, or TLS at a reverse proxy that sets HSTS itself): see docs/security.md.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}

// ------------------------------------------------------------------------------------------ ids, log, audit

export function requestIds(log: ((line: string) => void) | null): RequestHandler {
  return (req, res, next) => {
    const given = req.headers['x-request-id'];
    req.id = typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomBytes(6).toString('hex');
    res.setHeader('X-Request-Id', req.id);
    const t0 = process.hrtime.bigint();
    if (log) {
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        log(
          `${new Date().toISOString()} ${req.id} ${req.ip} ${req.auth?.name ?? '-'} ${req.method} ${req.originalUrl.slice(0, 200)} ${res.statusCode} ${ms.toFixed(1)}ms`,
        );
      });
    }
    next();
  };
}

/** Every write (and every refused write) goes to the audit table when the response is sent. */
export function auditWrites(store: Store): RequestHandler {
  return (req, res, next) => {
    if (isRead(req.method)) return next();
    res.on('finish', () => {
      try {
        store.addAudit({
          who: req.auth?.name ?? 'unauthenticated',
          role: req.auth?.role ?? '',
          action: `${req.method} ${req.originalUrl.split('?')[0].slice(0, 200)}`,
          status: res.statusCode,
          ip: req.ip ?? '',
          requestId: req.id ?? '',
        });
      } catch {
        // the store may be closed at shutdown; an audit failure must not end the server
      }
    });
    next();
  };
}
