/**
 * Shared bits of the operations CLI commands: the stored scenario of an argument, JSON/text output, --lang.
 */
import type { Command } from 'commander';
import type { Scenario } from '../model/types.ts';
import { openCommandStore } from '../cli/store-arg.ts';
import type { SqliteStore } from '../store/sqlite.ts';
import { InputError } from './table-file.ts';
import type { Lang } from './i18n.ts';

export function storedScenario(store: SqliteStore, id: string): Scenario {
  const s = store.getScenario(id);
  if (s) return s;
  const known =
    store
      .listScenarios()
      .map((x) => x.id)
      .join(', ') || '(none)';
  throw new InputError([
    {
      file: 'scenario',
      row: null,
      field: null,
      message: `no stored scenario "${id}" (daily operations need a stored scenario: gongpei import <folder> first); stored: ${known}`,
    },
  ]);
}

/** Opens the store, runs, closes. */
export async function withStore<T>(cmd: Command, run: (store: SqliteStore) => Promise<T> | T): Promise<T> {
  const store = openCommandStore(cmd);
  try {
    return await run(store);
  } finally {
    store.close();
  }
}

export function print(json: boolean | undefined, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

export function langOption(v: string | undefined): Lang {
  return v === 'en' ? 'en' : 'zh';
}
