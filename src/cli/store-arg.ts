/**
 * The store a CLI command uses: `--data-dir` (global option), else $GONGPEI_DATA_DIR, else ./var.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { openStore, storeFilePath, type SqliteStore } from '../store/sqlite.ts';

/** Data directory given on the command line (global `--data-dir`), if any. */
export function dataDirOption(cmd: Command): string | undefined {
  const opts = cmd.optsWithGlobals() as { dataDir?: string };
  return opts.dataDir;
}

/** Open the store for a command (created on first use). Close it when done. */
export function openCommandStore(cmd: Command): SqliteStore {
  return openStore(dataDirOption(cmd));
}

/** True when a store file exists (reading commands do not create an empty store as a side effect). */
export function storeExists(dataDir?: string): boolean {
  return existsSync(storeFilePath(dataDir));
}

/** Who runs the command line, as the audit log names it (the API names its token instead). */
export function cliUser(): string {
  return `cli:${process.env.USER ?? process.env.USERNAME ?? 'unknown'}`;
}

/**
 * Record a write made from the command line in the audit log, like the API's writes (docs/security.md):
 * `action` reads as the command, e.g. "gongpei import daming".
 */
export function auditCli(store: SqliteStore, action: string): void {
  store.addAudit({
    who: cliUser(),
    role: 'cli',
    action: `gongpei ${action}`.slice(0, 200),
    status: 0,
    ip: 'local',
    requestId: '',
  });
}
