import { monitorEventLoopDelay } from 'node:perf_hooks';
/**
 * `gongpei serve`: the API and the web app (what `npm start` runs after building the web app).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WEB_DIR } from '../../server/app.ts';
import { startServer } from '../../server/start.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the API and the web map (127.0.0.1:$PORT, default 8080)')
    .option('--port <n>', 'port (default: $PORT or 8080; 0 = any free port)')
    .option('--host <addr>', 'address to bind (default: $HOST or 127.0.0.1)')
    .option('--token <token>', 'require "Authorization: Bearer <token>" on write requests (default: $GONGPEI_TOKEN)')
    .option('--no-seed', 'do not seed the embedded Daming county on first start')
    .action(async (opts: { port?: string; host?: string; token?: string; seed: boolean }, command: Command) => {
      const globals = command.optsWithGlobals() as { dataDir?: string };
      const port = opts.port === undefined ? undefined : Number(opts.port);
      if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
        throw new Error(`--port: expected a port number 0..65535, got "${opts.port}"`);
      }
      const running = await startServer({
        port,
        host: opts.host,
        token: opts.token,
        dataDir: globals.dataDir,
        seedDir: opts.seed ? undefined : null,
        requestLog: process.env.GONGPEI_REQUEST_LOG === '0' ? undefined : (line) => process.stderr.write(`${line}\n`),
      });
      process.stderr.write(`gongpei: serving ${running.url}  (API ${running.url}/api/health; Ctrl-C stops)\n`);
      // for bench:load: the server's own event-loop delay (the load generator cannot see it), max per interval
      const loopReportMs = Number(process.env.GONGPEI_EVENT_LOOP_REPORT_MS ?? 0);
      if (loopReportMs > 0) {
        const h = monitorEventLoopDelay({ resolution: 10 });
        h.enable();
        setInterval(() => {
          process.stderr.write(`gongpei: event-loop max ${(h.max / 1e6).toFixed(1)} ms\n`);
          h.reset();
        }, loopReportMs).unref();
      }
      if (!existsSync(path.join(DEFAULT_WEB_DIR, 'index.html'))) {
        process.stderr.write('gongpei: the web app is not built; run "npm run build:web" (npm start does it)\n');
      }
      // SIGTERM: stop taking jobs, let running ones finish up to the grace period, re-queue the rest.
      const graceMs = Number(process.env.GONGPEI_SHUTDOWN_GRACE_MS ?? 30_000);
      const stop = (signal: string) => {
        process.stderr.write(`gongpei: ${signal}, stopping (running jobs get up to ${Math.round(graceMs / 1000)} s)\n`);
        void running.shutdown(graceMs).then(({ finished, requeued }) => {
          process.stderr.write(
            `gongpei: stopped; ${finished} job(s) finished, ${requeued} re-queued for the next start\n`,
          );
          process.exit(0);
        });
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
