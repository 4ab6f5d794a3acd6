/**
 * Backup while serving, restore with an integrity check, and start-up errors that name the path and the fix.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { openStore } from '../../src/store/sqlite.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { REPO, TINY_DIR, json, post, startTestServer } from '../server/helpers.ts';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'gongpei-backup-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cli = (...args: string[]) =>
  new Promise<{ status: number; stderr: string; stdout: string }>((resolve) => {
    execFile(process.execPath, [path.join(REPO, 'bin/gongpei.js'), ...args], (err, stdout, stderr) => {
      resolve({ status: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

test('backup while the server writes, then restore into a fresh store: the same logical content', async () => {
  const srv = await startTestServer();
  const backupFile = path.join(temp(), 'b.sqlite');
  try {
    const { jobId } = await json(await post(`${srv.url}/api/scenarios/tiny/plans`, { day: 1, timeLimit: 1, seed: 1 }));
    const backup = await cli('--data-dir', srv.dir, 'backup', backupFile); // concurrent with the job's writes
    expect(backup.status, backup.stderr).toBe(0);
    for (let i = 0; i < 200 && (await json(await fetch(`${srv.url}/api/jobs/${jobId}`))).status !== 'done'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await cli('--data-dir', srv.dir, 'backup', backupFile)).stderr).toMatch(/exists \(add --force/);
    expect((await cli('--data-dir', srv.dir, 'backup', backupFile, '--force')).status).toBe(0);
    const target = temp();
    const restored = await cli('--data-dir', target, 'restore', backupFile);
    expect(restored.status, restored.stderr).toBe(0);
    const a = openStore(target);
    expect(a.logicalDump()).toEqual((srv.store as ReturnType<typeof openStore>).logicalDump());
    a.close();
  } finally {
    await srv.close();
  }
}, 180_000);

test('restore refuses a corrupt or foreign file and leaves the store unchanged', async () => {
  const dir = temp();
  const store = openStore(dir);
  store.saveScenario('tiny', readScenarioFolder(TINY_DIR));
  const before = store.logicalDump();
  const good = path.join(dir, 'good.sqlite');
  await store.backup(good);
  store.close();
  const corrupt = path.join(dir, 'corrupt.sqlite');
  const bytes = readFileSync(good);
  bytes.fill(0x41, 4096, 8192); // overwrite a page inside the database
  writeFileSync(corrupt, bytes);
  const text = path.join(dir, 'notes.txt');
  writeFileSync(text, 'not a database at all '.repeat(100));
  for (const bad of [corrupt, text]) {
    const r = await cli('--data-dir', dir, 'restore', bad);
    expect(r.status, bad).toBe(1);
    expect(r.stderr).toMatch(/refused, .*the store was not changed/);
  }
  const after = openStore(dir);
  expect(after.logicalDump()).toEqual(before);
  after.close();
}, 60_000);

test('start-up errors name the path and the fix', async () => {
  const dir = temp();
  const asFile = path.join(dir, 'data-is-a-file');
  writeFileSync(asFile, 'x');
  expect(() => openStore(asFile)).toThrow(`data directory ${asFile} is a file, not a folder: point --data-dir`);
  const corruptDir = path.join(dir, 'corrupt');
  openStore(corruptDir).close();
  writeFileSync(path.join(corruptDir, 'gongpei.sqlite'), 'garbage '.repeat(1000));
  expect(() => openStore(corruptDir)).toThrow(
    /gongpei\.sqlite is not a valid gongpei store \(SQLITE_NOTADB\): restore a backup with "gongpei restore FILE"/,
  );
  if (process.getuid?.() !== 0) {
    const ro = path.join(dir, 'ro');
    openStore(ro).close();
    chmodSync(path.join(ro, 'gongpei.sqlite'), 0o444);
    chmodSync(ro, 0o555);
    expect(() => {
      const s = openStore(ro);
      s.saveScenario('tiny', readScenarioFolder(TINY_DIR));
    }).toThrow(/cannot write the store|readonly/i);
    chmodSync(ro, 0o755);
  }
  const r = await cli('--data-dir', asFile, 'scenarios');
  expect(r.status).toBe(1);
  expect(r.stderr).toContain(`gongpei: data directory ${asFile} is a file`);
});
