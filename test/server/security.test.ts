/**
 * Hardening of issue 15: security headers, Host/Origin checks, roles, carrier-scoped reads, audit log,
 * jobs recording who made them, the bounded queue (429 + Retry-After) and the paginated job list.
 */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { zipSync } from 'fflate';
import type { PlanResult } from '../../src/planning/types.ts';
import { TINY_DIR, json, post, startTestServer, type TestServer } from './helpers.ts';

const T = {
  viewer: 'viewer-token-0123456789',
  operator: 'operator-token-0123456789',
  admin: 'admin-token-0123456789abc',
  zto: 'carrier-zto-token-0123456789',
};
const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({
    tokens: [
      { token: T.viewer, name: 'vic', role: 'viewer' },
      { token: T.operator, name: 'olga', role: 'operator' },
      { token: T.admin, name: 'ada', role: 'admin' },
      { token: T.zto, name: 'zto-office', role: 'viewer', carrier: 'zto' },
    ],
    maxQueued: 2,
  });
});
afterAll(async () => {
  await srv?.close();
});

/** A raw request with any Host / Origin (fetch does not let a test set Host). */
function raw(
  method: string,
  pathname: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  const url = new URL(srv.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path: pathname, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tinyZip = () => {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(TINY_DIR)) entries[`t/${name}`] = readFileSync(path.join(TINY_DIR, name));
  return zipSync(entries);
};

describe('headers, Host and Origin', () => {
  test('helmet headers with a CSP that allows map tiles but no framing', async () => {
    const res = await fetch(`${srv.url}/api/health`);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/img-src [^;]*https:/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f]{12}$/);
  });

  test('a foreign Host is refused (DNS rebinding); loopback names are served', async () => {
    const evil = await raw('GET', '/api/scenarios', { Host: 'evil.example:8080' });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.code).toBe('forbidden_host');
    expect(
      (await raw('GET', '/api/health', { Host: `localhost:${new URL(srv.url).port}`, ...auth(T.viewer) })).status,
    ).toBe(200);
  });

  test('a cross-site write is refused by Origin and changes nothing; a same-origin write passes', async () => {
    const port = new URL(srv.url).port;
    const jobsBefore = srv.store.listJobs().length;
    const body = JSON.stringify({ day: 1, timeLimit: 1 });
    const h = { 'Content-Type': 'application/json', Host: `127.0.0.1:${port}`, ...auth(T.operator) };
    const cross = await raw('POST', '/api/scenarios/tiny/plans', { ...h, Origin: 'http://evil.example' }, body);
    expect(cross.status).toBe(403);
    expect(JSON.parse(cross.body).error.code).toBe('forbidden_origin');
    expect((await raw('POST', '/api/scenarios/tiny/plans', { ...h, Origin: 'null' }, body)).status).toBe(403);
    expect(srv.store.listJobs().length).toBe(jobsBefore);
    const same = await raw('POST', '/api/scenarios/tiny/plans', { ...h, Origin: `http://127.0.0.1:${port}` }, body);
    expect(same.status).toBe(202);
    await fetch(`${srv.url}/api/jobs/${JSON.parse(same.body).jobId}`, { method: 'DELETE', headers: auth(T.operator) });
  });
});

describe('roles', () => {
  test('a viewer reads (anonymous reads need a token with carrier tokens: isolation.test.ts); writes need operator; import and delete need admin', async () => {
    expect((await fetch(`${srv.url}/api/scenarios`, { headers: auth(T.viewer) })).status).toBe(200);
    expect((await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1 })).status).toBe(401);
    const byViewer = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1 }, auth(T.viewer));
    expect(byViewer.status).toBe(403);
    expect((await json(byViewer)).error.message).toContain('needs role operator');
    expect(
      (await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1 }, { Authorization: 'Bearer wrong-token-000000000' }))
        .status,
    ).toBe(401);

    const zip = () => ({
      method: 'POST',
      body: tinyZip(),
      headers: { 'Content-Type': 'application/zip' } as Record<string, string>,
    });
    const asOperator = await fetch(`${srv.url}/api/scenarios?id=copy`, {
      ...zip(),
      headers: { ...zip().headers, ...auth(T.operator) },
    });
    expect(asOperator.status).toBe(403);
    expect(srv.store.getScenario('copy')).toBeNull();
    const asAdmin = await fetch(`${srv.url}/api/scenarios?id=copy`, {
      ...zip(),
      headers: { ...zip().headers, ...auth(T.admin) },
    });
    expect(asAdmin.status).toBe(201);
    // the scenario version records who saved it
    expect(
      (await json(await fetch(`${srv.url}/api/scenarios`, { headers: auth(T.viewer) }))).scenarios.find(
        (s: any) => s.id === 'copy',
      ).updatedBy,
    ).toBe('ada');
    expect((await fetch(`${srv.url}/api/scenarios/copy`, { method: 'DELETE', headers: auth(T.operator) })).status).toBe(
      403,
    );
    expect((await fetch(`${srv.url}/api/scenarios/copy`, { method: 'DELETE', headers: auth(T.admin) })).status).toBe(
      204,
    );
  }, 30_000);

  test('jobs record who made them; the audit log lists every write with who, role, what, status, where', async () => {
    const res = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 1 }, auth(T.operator));
    expect(res.status).toBe(202);
    const { jobId } = await json(res);
    expect((await json(await fetch(`${srv.url}/api/jobs/${jobId}`, { headers: auth(T.viewer) }))).createdBy).toBe(
      'olga',
    );
    await fetch(`${srv.url}/api/jobs/${jobId}`, { method: 'DELETE', headers: auth(T.operator) });
    expect((await fetch(`${srv.url}/api/audit`, { headers: auth(T.operator) })).status).toBe(403);
    const audit = await json(await fetch(`${srv.url}/api/audit?limit=1000`, { headers: auth(T.admin) }));
    const mine = audit.entries.filter(
      (e: any) => e.who === 'olga' && e.action === 'POST /api/scenarios/tiny/plans' && e.status === 202,
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine[0]).toMatchObject({
      role: 'operator',
      ip: expect.stringMatching(/127\.0\.0\.1/),
      requestId: expect.stringMatching(/\S/),
    });
    expect(audit.entries.some((e: any) => e.who === 'vic' && e.status === 403)).toBe(true); // refused writes too
    expect(
      audit.entries.some((e: any) => e.who === 'ada' && e.action === 'DELETE /api/scenarios/copy' && e.status === 204),
    ).toBe(true);
    expect(audit.total).toBe(srv.store.listAudit(1).total);
  }, 30_000);
});

describe('carrier-scoped tokens', () => {
  let planId = '';
  beforeAll(() => {
    const stop = (stationId: string, byCarrier: Record<string, { down: number; up: number }>) => {
      const down = Object.values(byCarrier).reduce((s, c) => s + c.down, 0);
      const up = Object.values(byCarrier).reduce((s, c) => s + c.up, 0);
      return {
        stationId,
        arrival: '08:30',
        departure: '08:40',
        parcelsDown: down,
        parcelsUp: up,
        kgDown: down * 1.5,
        kgUp: up * 2,
        load: 999,
        loadKg: 1999,
        byCarrier,
      };
    };
    const plan = {
      day: 1,
      mode: 'shared',
      estimatedTravel: false,
      kpis: { totalCost: 777, costPerParcel: 7.77 },
      routes: [
        {
          vehicle: 'van#1',
          fleetId: 'van',
          depot: 'W1',
          kind: 'delivery',
          trip: 1,
          departure: '08:00',
          returnTime: '10:00',
          km: 40,
          hours: 2,
          cost: 300,
          stops: [
            stop('V1', { ems: { down: 13, up: 0 }, zto: { down: 21, up: 4 } }),
            stop('V2', { ems: { down: 17, up: 3 } }),
          ],
        },
        {
          vehicle: 'van#2',
          fleetId: 'van',
          depot: 'W1',
          kind: 'delivery',
          trip: 1,
          departure: '08:00',
          returnTime: '09:00',
          km: 20,
          hours: 1,
          cost: 200,
          stops: [stop('V3', { ems: { down: 19, up: 0 } })],
        },
      ],
      unassigned: [{ stationId: 'V4', reason: 'capacity', detail: 'ems 23 parcels' }],
      compare: { perCarrier: [{ carrierId: 'ems', parcels: 29 }] },
    } as unknown as PlanResult;
    planId = srv.store.savePlan('tiny', plan).id;
  });

  test('a carrier sees only stops with its parcels, only its own counts, nothing of the others', async () => {
    const res = await fetch(`${srv.url}/api/carrier/plans/${planId}`, { headers: auth(T.zto) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const view = JSON.parse(text);
    expect(view.carrierId).toBe('zto');
    expect(view.routes).toEqual([
      {
        vehicle: 'van#1',
        kind: 'delivery',
        trip: 1,
        depot: 'W1',
        departure: '08:00',
        returnTime: '10:00',
        stops: [
          {
            stationId: 'V1',
            arrival: '08:30',
            departure: '08:40',
            parcelsDown: 21,
            parcelsUp: 4,
            byCarrier: { zto: { down: 21, up: 4 } },
          },
        ],
      },
    ]);
    // no other carrier, no totals, loads, costs, KPIs or unassigned stations anywhere in the body (the creation
    // time stamp is left out of the scan: "17:43:29" would read as the count 29)
    const scanned = text.replace(String(view.createdAt), '');
    for (const leak of [
      'ems',
      '"34"',
      ':34',
      ':13',
      ':17',
      ':19',
      ':23',
      ':29',
      '999',
      '777',
      'V2',
      'V3',
      'V4',
      'kpis',
      'load',
      'cost',
      'compare',
      'unassigned',
    ]) {
      expect(scanned, leak).not.toContain(leak);
    }
  });

  test('a carrier token cannot read the full plan, other resources, another carrier, or write', async () => {
    expect((await fetch(`${srv.url}/api/plans/${planId}`, { headers: auth(T.zto) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/scenarios/tiny`, { headers: auth(T.zto) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/scenarios/tiny/geojson`, { headers: auth(T.zto) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/jobs`, { headers: auth(T.zto) })).status).toBe(403);
    expect((await fetch(`${srv.url}/api/carrier/plans/${planId}?carrier=ems`, { headers: auth(T.zto) })).status).toBe(
      403,
    );
    expect((await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1 }, auth(T.zto))).status).toBe(403);
    expect((await fetch(`${srv.url}/api/health`, { headers: auth(T.zto) })).status).toBe(200);
    // an unscoped viewer may look at a carrier's view by naming it
    const asEms = await json(
      await fetch(`${srv.url}/api/carrier/plans/${planId}?carrier=ems`, { headers: auth(T.viewer) }),
    );
    expect(asEms.routes.flatMap((r: any) => r.stops.map((s: any) => [s.stationId, s.parcelsDown]))).toEqual([
      ['V1', 13],
      ['V2', 17],
      ['V3', 19],
    ]);
  });
});

describe('bounded queue and job list', () => {
  test('beyond the queue bound submissions get 429 with Retry-After; nothing is stored for them', async () => {
    const ids: string[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 6 && !refused; i++) {
      const res = await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 30 }, auth(T.operator));
      if (res.status === 429) refused = res;
      else {
        expect(res.status).toBe(202);
        ids.push((await json(res)).jobId);
      }
    }
    try {
      expect(refused).not.toBeNull();
      expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(5);
      expect((await json(refused!)).error.code).toBe('queue_full');
      // one running + maxQueued (2) waiting were accepted
      expect(ids.length).toBeLessThanOrEqual(3);
      expect(srv.store.listJobs().filter((j) => j.status === 'queued' || j.status === 'running').length).toBe(
        ids.length,
      );
    } finally {
      for (const id of ids) await fetch(`${srv.url}/api/jobs/${id}`, { method: 'DELETE', headers: auth(T.operator) });
    }
  }, 60_000);

  test('GET /api/jobs is paginated, newest first, with the total', async () => {
    const all = srv.store.listJobs();
    expect(all.length).toBeGreaterThanOrEqual(3);
    const page = await json(await fetch(`${srv.url}/api/jobs?limit=2&offset=1`, { headers: auth(T.viewer) }));
    expect(page.total).toBe(all.length);
    expect(page.jobs.map((j: any) => j.id)).toEqual(all.slice(1, 3).map((j) => j.id));
    expect((await fetch(`${srv.url}/api/jobs?limit=100000`, { headers: auth(T.viewer) })).status).toBe(400);
  });
});

test('a token is required for reads too when configured', async () => {
  const closed = await startTestServer({
    tokens: [{ token: T.viewer, name: 'vic', role: 'viewer' }],
    requireTokenForReads: true,
  });
  try {
    expect((await fetch(`${closed.url}/api/scenarios`)).status).toBe(401);
    expect((await fetch(`${closed.url}/api/scenarios`, { headers: auth(T.viewer) })).status).toBe(200);
    expect((await json(await fetch(`${closed.url}/api/health`, { headers: auth(T.viewer) }))).auth).toBe(
      'token-required',
    );
  } finally {
    await closed.close();
  }
});

test('startServer serves the address it is bound to besides loopback names', async () => {
  const { startServer } = await import('../../src/server/start.ts');
  const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'gongpei-host-'));
  const running = await startServer({ port: 0, host: '127.0.0.2', dataDir: dir, seedDir: null, log: () => {} });
  try {
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(
          { host: '127.0.0.2', port: running.port, path: '/api/health', headers: { Host: host } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await get(`127.0.0.2:${running.port}`)).toBe(200);
    expect(await get(`localhost:${running.port}`)).toBe(200);
    expect(await get(`gongpei.evil:${running.port}`)).toBe(403);
  } finally {
    await running.close();
    (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
  }
});
