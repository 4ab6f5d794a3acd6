/** A 500 answers a fixed message with the request id; the error's own text (which may quote a file) is only logged. */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { expect, test } from 'vitest';
import { jsonErrors } from '../../src/server/errors.ts';

test('an unexpected error is a 500 that does not echo its message', async () => {
  const app = express();
  app.use((req, _res, next) => {
    (req as { id?: string }).id = 'req-1';
    next();
  });
  app.get('/boom', () => {
    throw new Error('places.csv content: 张三,13800000000,SECRET');
  });
  app.use(jsonErrors);
  const prev = process.env.GONGPEI_LOG;
  process.env.GONGPEI_LOG = 'silent';
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('SECRET');
    expect(text).not.toContain('places.csv');
    expect(JSON.parse(text).error).toEqual({
      code: 'internal',
      message: 'internal error (request req-1; details in the server log)',
      requestId: 'req-1',
    });
  } finally {
    process.env.GONGPEI_LOG = prev;
    server.close();
  }
});
