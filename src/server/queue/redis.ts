/**
 * Redis connections for BullMQ. `openRedis` checks the server answers before anything starts, with a connect
 * timeout, so a wrong URL or a stopped Redis is a clear error at start and never a hang.
 */
import { Redis } from 'ioredis';

export const DEFAULT_CONNECT_TIMEOUT_MS = 3000;

function describe(url: string): string {
  // Never echo a password of the URL.
  return url.replace(/\/\/[^@/]*@/, '//***@');
}

/**
 * A connected client (BullMQ settings: no per-command retry limit, as its blocking commands need). Throws
 * `Redis unreachable at URL: …` after `timeoutMs`.
 */
export async function openRedis(url: string, timeoutMs = DEFAULT_CONNECT_TIMEOUT_MS): Promise<Redis> {
  if (!/^rediss?:\/\//.test(url)) throw new Error(`--redis: expected a redis:// or rediss:// URL, got "${url}"`);
  // Probe without reconnecting, so that a refused connection fails at once with its real reason.
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  let lastError = '';
  probe.on('error', (err: Error) => (lastError = err.message));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]);
  } catch (err) {
    throw new Error(
      `Redis unreachable at ${describe(url)}: ${lastError || (err instanceof Error ? err.message : String(err))}`,
    );
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
  const client = new Redis(url, { connectTimeout: timeoutMs, maxRetriesPerRequest: null });
  // Errors after a successful start are retried by ioredis and reported by BullMQ.
  client.on('error', () => {});
  return client;
}
