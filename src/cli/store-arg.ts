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
