/** Shared set-up of the prefecture tests: a small generated prefecture and Redis key clean-up. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.GONGPEI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ROOT = join(import.meta.dirname, '../../..');
/** The four smallest county-level units of Handan (115–175 villages each). */
export const SMALL = ['130404', '130431', '130432', '130471'];

export function makePrefecture(only = SMALL): string {
  const out = mkdtempSync(join(tmpdir(), 'gongpei-pref-'));
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'scripts/make-prefecture.ts'), '--out', out, '--only', only.join(',')],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return out;
}

export function uniquePrefix(): string {
  return `gongpei-test-${process.pid}-${Date.now().toString(36)}`;
}

/** Delete every key under the prefix (and its cancel keys). */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
