/**
 * The one browser launcher of the tests and of scripts/bench-web.ts. Never a downloaded browser, never a
 * silent skip:
 *   1. $GONGPEI_CHROMIUM if set, else Debian's /usr/bin/chromium, when that file exists;
 *      GONGPEI_E2E_BROWSER=npm skips this step, forcing the npm Chromium below even where Debian's is
 *      installed (so one machine, and .ci/run, can test what a fresh machine without apt sees; issue 27);
 *   2. otherwise the Chromium shipped inside the npm package @sparticuz/chromium (a dev dependency, unpacked
 *      to /tmp on first use), so `npm test` passes on a fresh machine without apt.
 * If neither starts, the error says what was tried and how to fix it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer, type StartOptions } from '../../../src/server/start.ts';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** Flags of every launch; no --user-data-dir (playwright gives each launch its own profile). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

export interface ChromiumChoice {
  executablePath: string;
  source: 'env' | 'debian' | '@sparticuz/chromium';
}

/** Which Chromium the tests will use; env GONGPEI_CHROMIUM replaces the Debian path (a missing path falls back). */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const preferred = env.GONGPEI_CHROMIUM || DEBIAN_CHROMIUM;
  if (env.GONGPEI_E2E_BROWSER !== 'npm' && existsSync(preferred))
    return { executablePath: preferred, source: env.GONGPEI_CHROMIUM ? 'env' : 'debian' };
  let packaged: string;
  try {
    const mod = (await import('@sparticuz/chromium')) as { default: { executablePath(): Promise<string> } };
    packaged = await mod.default.executablePath();
  } catch (err) {
    throw new Error(
      `no Chromium: ${preferred} does not exist and @sparticuz/chromium could not be unpacked ` +
        `(${err instanceof Error ? err.message : err}); run "npm ci" (dev dependencies) or "apt-get install -y chromium"`,
    );
  }
  if (!existsSync(packaged))
    throw new Error(`no Chromium: ${preferred} does not exist and @sparticuz/chromium gave a missing path ${packaged}`);
  return { executablePath: packaged, source: '@sparticuz/chromium' };
}

/** Launch headless Chromium (see chooseChromium). */
export async function launchChromium(): Promise<Browser & { chosen: ChromiumChoice }> {
  const chosen = await chooseChromium();
  const browser = await chromium.launch({ executablePath: chosen.executablePath, headless: true, args: CHROMIUM_ARGS });
  return Object.assign(browser, { chosen });
}

/** Build the web app into `<tmp>/web` (each browser test serves its own build); returns that folder. */
export async function buildWeb(tmp: string): Promise<string> {
  const { build } = await import('vite');
  const repo = path.resolve(import.meta.dirname, '../../..');
  const webDir = path.join(tmp, 'web');
  await build({
    configFile: path.join(repo, 'vite.config.ts'),
    root: path.join(repo, 'web'),
    logLevel: 'error',
    build: { outDir: webDir, emptyOutDir: true },
  });
  return webDir;
}

/** The built web app and the API on an ephemeral loopback port, with a fresh store under `<tmp>/store`. */
export async function serveWeb(tmp: string, options: Partial<StartOptions> = {}): Promise<RunningServer> {
  const webDir = await buildWeb(tmp);
  return startServer({
    port: 0,
    host: '127.0.0.1',
    dataDir: path.join(tmp, 'store'),
    webDir,
    token: '',
    log: () => {},
    ...options,
  });
}

/** Waits until the Leaflet map in #map has stopped moving and zooming (the app sets data-map-idle, web/src/map.ts). */
export async function waitMapIdle(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(() => document.getElementById('map')?.dataset.mapIdle === '1', null, { timeout });
  // A pan may start in the same frame as the last moveend: settle two frames, then require idle again.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForFunction(() => document.getElementById('map')?.dataset.mapIdle === '1', null, { timeout });
}

/**
 * The one way tests click on the map: wait for it to be still, project (lat, lon) through Leaflet
 * (map.latLngToContainerPoint), click that page pixel. Never fixed pixel offsets: the view after a pan
 * differs between browser builds (issue 27).
 */
export async function mapClick(
  page: Page,
  lat: number,
  lon: number,
  options: { button?: 'left' | 'right' } = {},
): Promise<void> {
  await waitMapIdle(page);
  const pt = await page.evaluate(
    ([la, lo]) =>
      (
        document.getElementById('map') as HTMLElement & {
          gongpeiProject(lat: number, lon: number): { x: number; y: number };
        }
      ).gongpeiProject(la, lo),
    [lat, lon] as const,
  );
  const box = (await page.locator('#map').boundingBox())!;
  if (pt.x < 0 || pt.y < 0 || pt.x > box.width || pt.y > box.height)
    throw new Error(`mapClick: (${lat}, ${lon}) is outside the map view (${pt.x}, ${pt.y})`);
  await page.mouse.click(box.x + pt.x, box.y + pt.y, { button: options.button ?? 'left' });
}

export interface BrowserSuite {
  tmp: string;
  server: RunningServer;
  browser: Browser;
  page: Page;
}

/**
 * The one set-up of the browser test files: in beforeAll a temporary folder (GONGPEI_CACHE_DIR under it unless
 * set), the server `serve(tmp)` starts, Chromium (launchChromium) and the page `open(browser)` makes, whose
 * uncaught errors go to the returned pageErrors (each file expects it empty); afterAll closes them and removes
 * the folder. `ready` hands the live objects to the file.
 */
export function useBrowserSuite(
  prefix: string,
  options: {
    serve: (tmp: string) => Promise<RunningServer>;
    open: (browser: Browser) => Promise<Page>;
    timeout?: number;
  },
  ready: (suite: BrowserSuite) => void,
): { pageErrors: string[] } {
  const pageErrors: string[] = [];
  let tmp = '';
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), prefix));
    process.env.GONGPEI_CACHE_DIR ??= path.join(tmp, 'cache');
    server = await options.serve(tmp);
    browser = await launchChromium();
    const page = await options.open(browser);
    page.on('pageerror', (e) => pageErrors.push(e.message));
    ready({ tmp, server, browser, page });
  }, options.timeout ?? 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
  return { pageErrors };
}
