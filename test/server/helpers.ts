/** Helpers of the server tests: a real server on an ephemeral loopback port with a temp store. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openStore } from '../../src/store/sqlite.ts';
import type { Store } from '../../src/store/types.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { createApp, type AppOptions, type GongpeiApp } from '../../src/server/app.ts';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const TINY_DIR = path.join(REPO, 'test/fixtures/tiny-county');

export interface TestServer {
  url: string;
  store: Store;
  app: GongpeiApp;
  dir: string;
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<AppOptions> & { seedTiny?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gongpei-api-'));
  process.env.GONGPEI_CACHE_DIR ??= path.join(dir, 'cache');
  const store = options.store ?? openStore(dir);
  if (options.seedTiny !== false && !store.getScenario('tiny'))
    store.saveScenario('tiny', await readScenarioFolder(TINY_DIR));
  // No web build unless a test gives one: the API must not depend on dist/web.
  const app = createApp({ webDir: path.join(dir, 'no-web-build'), ...options, store });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    app,
    dir,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.shutdown();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Parses a CSV of the fixture into objects (the fixture has no quoted commas). */
export function readFixtureCsv(name: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(path.join(TINY_DIR, name), 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

export interface SseEvent {
  event: string;
  data: any;
}

/** Reads a job's SSE stream until the server ends it (terminal event) or the timeout. */
export async function readJobEvents(url: string, jobId: string, timeoutMs = 60_000): Promise<SseEvent[]> {
  const res = await fetch(`${url}/api/jobs/${jobId}/events`, { signal: AbortSignal.timeout(timeoutMs) });
  if (res.headers.get('content-type')?.startsWith('text/event-stream') !== true)
    throw new Error(`not an event stream: ${res.status}`);
  const text = await res.text(); // the server closes the stream after done/failed/cancelled
  const events: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const lines = block.split('\n').filter((l) => l && !l.startsWith(':'));
    if (!lines.length) continue;
    const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
    const data = lines
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n');
    events.push({ event, data: JSON.parse(data) });
  }
  return events;
}

export async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`expected JSON, got ${res.status}: ${text.slice(0, 200)}`);
  }
}

export const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
