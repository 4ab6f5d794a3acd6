/**
 * The one browser launcher of the tests and of scripts/bench-web.ts. Never a downloaded browser, never a
 * silent skip:
 *   1. $GONGPEI_CHROMIUM if set, else Debian's /usr/bin/chromium, when that file exists;
 *   2. otherwise the Chromium shipped inside the npm package @sparticuz/chromium (a dev dependency, unpacked
 *      to /tmp on first use), so `npm test` passes on a fresh machine without apt.
 * If neither starts, the error says what was tried and how to fix it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
  if (existsSync(preferred)) return { executablePath: preferred, source: env.GONGPEI_CHROMIUM ? 'env' : 'debian' };
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
