/**
 * Issue 20, items 8, 9 and 10 (last part): carrier isolation by default, no server paths in answers, authors
 * from the token, reads that write nothing, and the Origin of writes matched to the server's own origin.
 * Every refused write and every read is checked against a logical dump of the store (every row of every
 * table; the audit table alone records a refused write, by design).
 */
import http from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, json, post, type TestServer } from './helpers.ts';
import type { SqliteStore } from '../../src/store/sqlite.ts';
import { OperationsStore } from '../../src/store/operations.ts';
import { importManifest } from '../../src/operations/manifests.ts';
import { buildDateBasis } from '../../src/operations/date-plan.ts';
import { dispatchLines } from '../../src/operations/dispatch.ts';
import type { PlanRoute, PlanStop } from '../../src/planning/types.ts';
import { ConfigError, parseAllowedOrigins, readsNeedToken, type TokenEntry } from '../../src/server/security.ts';
import { createApp } from '../../src/server/app.ts';

const T = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789abc',
  ems: 'carrier-ems-token-0123456789',
  zto: 'carrier-zto-token-0123456789',
};
const TOKENS: TokenEntry[] = [
  { token: T.viewer, name: 'vic', role: 'viewer' },
  { token: T.operator, name: 'olga', role: 'operator' },
  { token: T.admin, name: 'ada', role: 'admin' },
  { token: T.ems, name: 'ems-office', role: 'viewer', carrier: 'ems' },
  { token: T.zto, name: 'zto-office', role: 'viewer', carrier: 'zto' },
];
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

/** Where a CLI `dispatch --out` would have written the sheets: a server path no answer may show. */
const SERVER_DIR = '/srv/gongpei-secret-out';

let srv: TestServer;
let dispatchId = '';
const dump = () => (srv.store as SqliteStore).logicalDump();
const dumpButAudit = () => {
  const { audit: _audit, ...rest } = dump();
  return rest;
};

beforeAll(async () => {
  srv = await startTestServer({ tokens: TOKENS });
  const scenario = srv.store.getScenario('tiny')!;
  const ops = OperationsStore.of(srv.store);
  const rows: Record<string, Array<[string, number]>> = {
    ems: [
      ['V1', 12],
      ['V2', 3],
    ],
    zto: [
      ['V1', 20],
      ['V2', 6],
    ],
  };
  for (const [carrierId, list] of Object.entries(rows)) {
    const csv = `station_id,parcels_down,kg_down,parcels_up,kg_up,cold,up_zone\n${list.map(([s, n]) => `${s},${n},${n},0,0,false,`).join('\n')}\n`;
    await importManifest(ops, {
      scenarioId: 'tiny',
      scenario,
      date: '2026-12-01',
      carrierId,
      fileName: `${carrierId}.csv`,
      bytes: Buffer.from(csv),
      replace: false,
    });
  }
  const stop = (stationId: string, arrival: string): PlanStop => {
    const byCarrier = Object.fromEntries(
      Object.entries(rows).map(([c, list]) => [c, { down: list.find((r) => r[0] === stationId)![1], up: 0 }]),
    );
    const down = Object.values(byCarrier).reduce((s, p) => s + p.down, 0);
    return {
      stationId,
      arrival,
      departure: arrival,
      parcelsDown: down,
      parcelsUp: 0,
      kgDown: 0,
      kgUp: 0,
      load: 0,
      loadKg: 0,
      byCarrier,
      cold: false,
    };
  };
  const route: PlanRoute = {
    vehicle: 'WH-VAN#1',
    fleetId: 'WH-VAN',
    depot: 'W1',
    kind: 'delivery',
    departure: '08:00',
    returnTime: '11:00',
    km: 10,
    hours: 3,
    cost: 100,
    stops: [stop('V1', '08:30'), stop('V2', '09:00')],
  };
  const basis = buildDateBasis(scenario, 'tiny', '2026-12-01', ops);
  const d = ops.saveDispatch({
    scenarioId: 'tiny',
    planId: 'p',
    date: '2026-12-01',
    ...dispatchLines([route], basis),
    files: [],
  });
  dispatchId = d.id;
  // as `gongpei dispatch --out /srv/…` leaves it
  ops.setDispatchFiles(
    d.id,
    ['dispatch.pdf', 'dispatch.xlsx', 'routes.csv'].map((f) => path.join(SERVER_DIR, f)),
  );
});
afterAll(async () => srv?.close());

/** A raw request with any Host / Origin (fetch does not let a test set Host). */
function raw(
  url: string,
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path: pathname, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('item 8: carrier isolation holds by default', () => {
  const OPERATIONAL = () => [
    '/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01',
    '/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01&format=xlsx',
    '/api/scenarios/tiny/manifests?date=2026-12-01',
    '/api/scenarios/tiny/date-plans',
    '/api/scenarios/tiny/dispatches',
    `/api/dispatches/${dispatchId}`,
    `/api/dispatches/${dispatchId}/dispatch.xlsx`,
    `/api/dispatches/${dispatchId}/dispatch.pdf`,
    `/api/dispatches/${dispatchId}/routes.csv`,
    '/api/scenarios/tiny/report?month=2026-12',
    '/api/scenarios/tiny/plans',
    '/api/jobs',
    '/api/audit',
    // the county's demand is per carrier too
    '/api/scenarios/tiny/export',
    '/api/scenarios/tiny/geojson',
  ];

  test('with carrier tokens and GONGPEI_REQUIRE_TOKEN_FOR_READS unset, anonymous reads get 401 and change nothing', async () => {
    expect(process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS).toBeUndefined();
    const before = dump();
    for (const p of OPERATIONAL()) {
      const res = await fetch(`${srv.url}${p}`);
      const text = await res.text();
      expect(res.status, p).toBe(401);
      expect(JSON.parse(text).error.message, p).toContain('carrier tokens are configured');
      expect(JSON.parse(text).error.message, p).toContain('快递公司');
      // nothing of either carrier leaks in the refusal
      expect(text).not.toMatch(/V1|中通|邮政|"ems"|"zto"/);
    }
    expect(dump()).toEqual(before);
    expect((await json(await fetch(`${srv.url}/api/health`, { headers: auth(T.viewer) }))).auth).toBe('token-required');
  });

  test('a token still reads: the viewer every carrier, a carrier its own', async () => {
    const all = await json(
      await fetch(`${srv.url}/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01`, { headers: auth(T.viewer) }),
    );
    expect(new Set(all.rows.map((r: { carrierId: string }) => r.carrierId))).toEqual(new Set(['ems', 'zto']));
    const own = await json(
      await fetch(`${srv.url}/api/scenarios/tiny/ledger?from=2026-12-01&to=2026-12-01`, { headers: auth(T.zto) }),
    );
    expect(new Set(own.rows.map((r: { carrierId: string }) => r.carrierId))).toEqual(new Set(['zto']));
  });

  test('without carrier tokens anonymous reads stay open (no tenants to keep apart)', async () => {
    const open = await startTestServer({ tokens: TOKENS.filter((t) => !t.carrier) });
    try {
      expect((await fetch(`${open.url}/api/scenarios`)).status).toBe(200);
      expect((await json(await fetch(`${open.url}/api/health`))).auth).toBe('token-required-for-writes');
    } finally {
      await open.close();
    }
  });

  test('the rule: unset → token needed exactly with carrier tokens; 0 with carrier tokens, 1 without tokens, or a typo refuse', () => {
    const carrier = TOKENS.filter((t) => t.carrier);
    const plain = TOKENS.filter((t) => !t.carrier);
    expect(readsNeedToken(TOKENS, undefined)).toBe(true);
    expect(readsNeedToken(TOKENS, '')).toBe(true);
    expect(readsNeedToken(carrier, '1')).toBe(true);
    expect(readsNeedToken(plain, undefined)).toBe(false);
    expect(readsNeedToken(plain, '0')).toBe(false);
    expect(readsNeedToken(plain, '1')).toBe(true);
    expect(readsNeedToken([], undefined)).toBe(false);
    expect(() => readsNeedToken(TOKENS, '0')).toThrow(ConfigError);
    expect(() => readsNeedToken(TOKENS, false)).toThrow(/refusing to start: carrier tokens are configured/);
    expect(() => readsNeedToken([], '1')).toThrow(/no token is configured/);
    expect(() => readsNeedToken(plain, 'true')).toThrow(/expected 1 or 0/);
    // createApp holds the same rule (a test server cannot be built open with carrier tokens either)
    expect(() => createApp({ store: srv.store, tokens: TOKENS, requireTokenForReads: false })).toThrow(/拒绝启动/);
  });

  test('startServer with carrier tokens and GONGPEI_REQUIRE_TOKEN_FOR_READS=0 refuses to start (zh + en) before opening the store', async () => {
    const { startServer } = await import('../../src/server/start.ts');
    const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-iso-'));
    const saved = { ...process.env };
    process.env.GONGPEI_TOKENS = JSON.stringify(TOKENS);
    const lines: string[] = [];
    try {
      process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS = '0';
      const refused = startServer({ port: 0, dataDir: dir, seedDir: null, log: (l) => lines.push(l) });
      await expect(refused).rejects.toThrow(/拒绝启动：已配置快递公司令牌.*\n.*refusing to start: carrier tokens/s);
      await expect(refused).rejects.toThrow(/"ems-office" \(ems\)/);
      expect(existsSync(path.join(dir, 'gongpei.db'))).toBe(false);
      expect(existsSync(dir) && (await import('node:fs')).readdirSync(dir)).toEqual([]);

      // unset: it starts, says so, and an anonymous read of the ledger is refused
      delete process.env.GONGPEI_REQUIRE_TOKEN_FOR_READS;
      const running = await startServer({ port: 0, dataDir: dir, seedDir: null, log: (l) => lines.push(l) });
      try {
        expect(lines.join('\n')).toContain('carrier tokens are configured: every API read needs a token');
        expect((await fetch(`${running.url}/api/scenarios`)).status).toBe(401);
        expect((await fetch(`${running.url}/api/scenarios`, { headers: auth(T.viewer) })).status).toBe(200);
      } finally {
        await running.close();
      }
    } finally {
      for (const k of ['GONGPEI_TOKENS', 'GONGPEI_REQUIRE_TOKEN_FOR_READS']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a dispatch's files are download URLs, never server paths, for anyone", async () => {
    const urls = ['dispatch.pdf', 'dispatch.xlsx', 'routes.csv'].map((f) => `/api/dispatches/${dispatchId}/${f}`);
    for (const token of [T.viewer, T.zto, T.admin]) {
      const one = await (await fetch(`${srv.url}/api/dispatches/${dispatchId}`, { headers: auth(token) })).text();
      const list = await (await fetch(`${srv.url}/api/scenarios/tiny/dispatches`, { headers: auth(token) })).text();
      for (const text of [one, list]) {
        expect(text).not.toContain(SERVER_DIR);
        expect(text).not.toMatch(/"\/(srv|tmp|home|var)\//);
      }
      expect(JSON.parse(one).files).toEqual(urls);
      expect(JSON.parse(list).dispatches[0].files).toEqual(urls);
      for (const u of urls) expect((await fetch(`${srv.url}${u}`, { headers: auth(token) })).status, u).toBe(200);
    }
  });
});

describe('item 9: authors come from the token; reads never write', () => {
  const edit = (body: unknown, token = T.operator) => post(`${srv.url}/api/scenarios/tiny/edits`, body, auth(token));

  test('an edit signed with another name is refused and changes nothing; without a name it is the token’s', async () => {
    const before = dumpButAudit();
    const forged = await edit({ edits: [{ op: 'set', id: 'V1', name: '东关村一' }], author: 'ada' });
    expect(forged.status).toBe(400);
    const err = (await json(forged)).error;
    expect(err.field).toBe('author');
    expect(err.message).toContain('is not this token\'s name "olga"');
    expect(dumpButAudit()).toEqual(before);
    expect((await edit({ edits: [{ op: 'set', id: 'V1', name: '东关村一' }], author: 42 })).status).toBe(400);
    expect(dumpButAudit()).toEqual(before);

    const ok = await edit({ edits: [{ op: 'set', id: 'V1', name: '东关村一' }] });
    expect(ok.status).toBe(201);
    expect((await json(ok)).author).toBe('olga');
    // repeating the token's own name is fine
    const same = await edit({ edits: [{ op: 'set', id: 'V1', name: '东关村二' }], author: 'olga' });
    expect((await json(same)).author).toBe('olga');
  });

  test('a revert signed with another name is refused and changes nothing; else the token’s name', async () => {
    const before = dumpButAudit();
    const url = `${srv.url}/api/scenarios/tiny/versions/1/revert`;
    const forged = await post(url, { author: 'ada' }, auth(T.operator));
    expect(forged.status).toBe(400);
    expect((await json(forged)).error.field).toBe('author');
    expect(dumpButAudit()).toEqual(before);
    const ok = await post(url, {}, auth(T.operator));
    expect(ok.status).toBe(201);
    expect((await json(ok)).author).toBe('olga');
    const versions = (await json(await fetch(`${srv.url}/api/scenarios/tiny/versions`, { headers: auth(T.viewer) })))
      .versions as Array<{ author: string }>;
    expect(versions.map((v) => v.author)).not.toContain('ada');
  });

  test('20 report reads write nothing; recording is an audited POST whose snapshot later reads show', async () => {
    const url = `${srv.url}/api/scenarios/tiny/report?month=2026-12`;
    const before = dump();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(i % 2 ? `${url}&format=xlsx` : url, { headers: auth(T.viewer) });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    expect(dump()).toEqual(before);
    const read = await json(await fetch(url, { headers: auth(T.viewer) }));
    expect(read.scorecard).toMatchObject({ asOf: '2026-12-01', snapshotId: null, recordedAt: null });

    // viewers and carriers may not record; nothing is stored for them
    const reports = `${srv.url}/api/scenarios/tiny/reports`;
    expect((await post(reports, { month: '2026-12' }, auth(T.viewer))).status).toBe(403);
    expect((await post(reports, { month: '2026-12' }, auth(T.zto))).status).toBe(403);
    expect((await post(reports, { month: '2026-13' }, auth(T.operator))).status).toBe(400);
    expect((await post(reports, { month: '2026-12', year: '2026' }, auth(T.operator))).status).toBe(400);
    expect(dumpButAudit()).toEqual((({ audit: _a, ...rest }) => rest)(before));

    const recorded = await post(reports, { month: '2026-12' }, auth(T.operator));
    expect(recorded.status).toBe(201);
    const report = await json(recorded);
    expect(report.scorecard.snapshotId).toMatch(/^sc-/);
    expect(report.scorecard.indicators).toEqual(read.scorecard.indicators);
    const rows = dump().op_scorecards as Array<{ id: string; as_of: string; period: string }>;
    expect(rows.length).toBe((before.op_scorecards as unknown[]).length + 1);
    expect(rows.at(-1)).toMatchObject({
      id: report.scorecard.snapshotId,
      as_of: '2026-12-01',
      period: 'month:2026-12',
    });
    const audit = await json(await fetch(`${srv.url}/api/audit?limit=50`, { headers: auth(T.admin) }));
    expect(
      audit.entries.some(
        (e: any) => e.who === 'olga' && e.action === 'POST /api/scenarios/tiny/reports' && e.status === 201,
      ),
    ).toBe(true);

    // a later read of the period shows the recorded (signed) scorecard, and still writes nothing
    const after = dump();
    const again = await json(await fetch(url, { headers: auth(T.viewer) }));
    expect(again.scorecard).toMatchObject({
      snapshotId: report.scorecard.snapshotId,
      recordedAt: report.scorecard.recordedAt,
      weightedScore: report.scorecard.weightedScore,
    });
    expect(dump()).toEqual(after);
  }, 60_000);
});

describe('item 10: the Origin of a write must be the server’s own origin', () => {
  const body = JSON.stringify({ edits: [{ op: 'set', id: 'V2', name: '西关村改' }] });

  test('a page on another local port (or another loopback name) cannot write; the same origin can', async () => {
    const port = new URL(srv.url).port;
    const h = { 'Content-Type': 'application/json', Host: `127.0.0.1:${port}`, ...auth(T.operator) };
    const before = dumpButAudit();
    for (const origin of [
      'http://127.0.0.1:9999',
      `http://localhost:${port}`,
      'http://127.0.0.1',
      `http://127.0.0.1:${Number(port) + 1}`,
      `file://127.0.0.1:${port}`,
      'chrome-extension://abcdef',
    ]) {
      const res = await raw(srv.url, 'POST', '/api/scenarios/tiny/edits', { ...h, Origin: origin }, body);
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error.code, origin).toBe('forbidden_origin');
    }
    expect(dumpButAudit()).toEqual(before);
    const same = await raw(
      srv.url,
      'POST',
      '/api/scenarios/tiny/edits',
      { ...h, Origin: `http://127.0.0.1:${port}` },
      body,
    );
    expect(same.status, same.body).toBe(201);
  });

  test('GONGPEI_ALLOWED_ORIGINS lists other pages; behind a TLS proxy the https page of the same host passes', async () => {
    const other = await startTestServer({
      allowedHosts: ['gongpei.office'],
      allowedOrigins: parseAllowedOrigins('http://localhost:5173, https://planning.office'),
    });
    try {
      const port = new URL(other.url).port;
      const send = (host: string, origin: string) =>
        raw(
          other.url,
          'POST',
          '/api/scenarios/tiny/edits',
          { 'Content-Type': 'application/json', Host: host, Origin: origin },
          body,
        );
      expect((await send(`127.0.0.1:${port}`, 'http://localhost:5173')).status).toBe(201);
      expect((await send(`127.0.0.1:${port}`, 'https://planning.office')).status).toBe(201);
      expect((await send(`127.0.0.1:${port}`, 'http://localhost:5174')).status).toBe(403);
      expect((await send('gongpei.office', 'https://gongpei.office')).status).toBe(201);
      expect((await send('gongpei.office', 'https://gongpei.office:8443')).status).toBe(403);
    } finally {
      await other.close();
    }
    expect(parseAllowedOrigins('https://a.office:443,http://b:80')).toEqual(['https://a.office', 'http://b']);
    expect(() => parseAllowedOrigins('gongpei.office')).toThrow(
      /GONGPEI_ALLOWED_ORIGINS: "gongpei.office" is not an origin/,
    );
    expect(() => parseAllowedOrigins('https://a.office/path')).toThrow(ConfigError);
  });
});
